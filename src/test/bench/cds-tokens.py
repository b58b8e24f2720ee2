#!/usr/bin/env python3
"""Signs CDS Hooks client JWTs (ES384) ahead of a load run, so the load tool can send a fresh token
(own jti) with every request, as an EHR does.

  cds-tokens.py <out-dir> <audience URL> <count> [<count> ...]

Writes <out-dir>/jwks.json (the public key, for bone-monitor.cds-hooks.issuers[n].jwks) and one file
of tokens per count (tokens-0.txt, tokens-1.txt, ...), one token a line, each valid for 290 s from
now (the service accepts at most 5 minutes). Issuer: https://bench.bone-monitor.invalid.
Needs python3-cryptography.
"""
import base64
import json
import os
import sys
import time
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ISSUER = "https://bench.bone-monitor.invalid"
KID = "bench-1"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    out, aud, counts = sys.argv[1], sys.argv[2], [int(c) for c in sys.argv[3:]]
    os.makedirs(out, exist_ok=True)
    key = ec.generate_private_key(ec.SECP384R1())
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "EC", "crv": "P-384", "kid": KID, "use": "sig", "alg": "ES384",
           "x": b64(numbers.x.to_bytes(48, "big")), "y": b64(numbers.y.to_bytes(48, "big"))}
    with open(os.path.join(out, "jwks.json"), "w") as f:
        json.dump({"keys": [jwk]}, f)
    header = b64(json.dumps({"alg": "ES384", "typ": "JWT", "kid": KID}).encode())
    now = int(time.time())
    for n, count in enumerate(counts):
        with open(os.path.join(out, "tokens-%d.txt" % n), "w") as f:
            for _ in range(count):
                claims = {"iss": ISSUER, "sub": "bench-client", "aud": aud, "exp": now + 290, "iat": now,
                          "jti": str(uuid.uuid4())}
                signing_input = header + "." + b64(json.dumps(claims).encode())
                r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA384())))
                f.write(signing_input + "." + b64(r.to_bytes(48, "big") + s.to_bytes(48, "big")) + "\n")
    print(ISSUER)


if __name__ == "__main__":
    main()
