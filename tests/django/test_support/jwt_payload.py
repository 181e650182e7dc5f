import base64
import json


def read_jwt_payload(token):
    """Decode a JWT's payload WITHOUT verifying it: the instrumentation only needs to
    know whose token it is; simplejwt still does the real verification."""
    try:
        payload_b64 = token.split(".")[1]
        padded = payload_b64 + "=" * (-len(payload_b64) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded))
    except (AttributeError, IndexError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
