import { beforeEach } from "vitest";
import { installTestEngine } from "./test-engine";

// Every test file starts on the default settings, and so does each test: one that installs other
// settings has the defaults back for the next.
installTestEngine();
beforeEach(() => {
  installTestEngine();
});
