#!/usr/bin/python3
"""Known answers for MseKnownAnswerTest, computed from the MSE specification independently of mim.

Usage: python3 known_answers.py

Fixed private keys Xa and Xb and info-hash SKEY give: both public keys (G^X mod P, 96 bytes), the
shared secret S, HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), and the first 16 bytes
of each RC4 key stream (HASH('keyA', S, SKEY), HASH('keyB', S, SKEY)) after 1024 discarded bytes.
"""
import hashlib

P = int("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD"
        "3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563", 16)
XA = int("1111111111111111111111111111111111111111", 16)
XB = int("00000000000000000000000000000000000000ff", 16)
SKEY = bytes.fromhex("0123456789abcdef0123456789abcdef01234567")


def sha1(*parts):
    return hashlib.sha1(b"".join(parts)).digest()


def rc4_stream(key, n, drop=1024):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for _ in range(drop + n):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(s[(s[i] + s[j]) & 0xFF])
    return bytes(out[drop:])


def main():
    ya = pow(2, XA, P).to_bytes(96, "big")
    yb = pow(2, XB, P).to_bytes(96, "big")
    s = pow(int.from_bytes(yb, "big"), XA, P).to_bytes(96, "big")
    assert s == pow(int.from_bytes(ya, "big"), XB, P).to_bytes(96, "big")
    obfuscated = bytes(a ^ b for a, b in zip(sha1(b"req2", SKEY), sha1(b"req3", s)))
    print("YA =", ya.hex())
    print("YB =", yb.hex())
    print("S =", s.hex())
    print("REQ1 =", sha1(b"req1", s).hex())
    print("OBFUSCATED =", obfuscated.hex())
    print("KEY_A_STREAM =", rc4_stream(sha1(b"keyA", s, SKEY), 16).hex())
    print("KEY_B_STREAM =", rc4_stream(sha1(b"keyB", s, SKEY), 16).hex())
    # The classic RC4 vector (Key / Plaintext), without the drop, checks rc4_stream itself.
    assert rc4_stream(b"Key", 9, drop=0) == bytes(a ^ b for a, b in zip(bytes.fromhex("bbf316e8d940af0ad3"), b"Plaintext"))


if __name__ == "__main__":
    main()
