import { NavLink } from "@/app/_components/nav-link";

/** The demo wing's entry in the header: the protected layout renders this slot if it exists. */
export default function DemoNav() {
  return <NavLink href="/dashboard/session">Session inspector</NavLink>;
}
