#!/usr/bin/env python3
"""Writes poies-canonical-v1.json: test vectors for docs/poies-canonical-header.md.

An implementation independent of the Java code, written from the document: its own Keccak (checked against
hashlib's SHA3, which shares the permutation), its own canonical encodings, and H(u) from Python's decimal
logarithm at 80 digits. The Java test CanonicalVectorsTest checks the Java code against the file.

    python3 generate.py > poies-canonical-v1.json
"""
import decimal
import hashlib
import json
import random

MASK = (1 << 64) - 1


def rol(v, n):
    return ((v << n) | (v >> (64 - n))) & MASK


def round_constants():
    def rc(t):
        r = 1
        for _ in range(t % 255):
            r <<= 1
            if r & 0x100:
                r ^= 0x171
        return r & 1
    out = []
    for i in range(24):
        c = 0
        for j in range(7):
            if rc(j + 7 * i):
                c |= 1 << ((1 << j) - 1)
        out.append(c)
    return out


RC = round_constants()
ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]


def keccak_f(a):
    for rnd in range(24):
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = rol(a[x][y], ROT[x][y])
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        a[0][0] ^= RC[rnd]
    return a


def sponge(data, rate, pad, out_len):
    a = [[0] * 5 for _ in range(5)]
    data = bytearray(data)
    data.append(pad)
    while len(data) % rate:
        data.append(0)
    data[-1] |= 0x80
    for off in range(0, len(data), rate):
        block = data[off:off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i:8 * i + 8], 'little')
        a = keccak_f(a)
    return b''.join(a[i % 5][i // 5].to_bytes(8, 'little') for i in range(25))[:out_len]


def keccak512(data):
    return sponge(data, 72, 0x01, 64)


def keccak256(data):
    return sponge(data, 136, 0x01, 32)


assert sponge(b'abc', 72, 0x06, 64) == hashlib.sha3_512(b'abc').digest()
assert sponge(b'abc', 136, 0x06, 32) == hashlib.sha3_256(b'abc').digest()

# ---- canonical encodings, from docs/poies-canonical-header.md


def u64(v):
    return v.to_bytes(8, 'big')


def h(hex_text):
    assert hex_text.startswith('0x')
    return bytes.fromhex(hex_text[2:])


def micro(number):
    return int(decimal.Decimal(repr(number)) * 1000000)  # repr: the shortest decimal, as JSON writes it


def string(text):
    raw = text.encode('ascii')
    return bytes([len(raw)]) + raw


def canonical_header(t):
    out = b'PoIEShv1' + u64(t['chainId']) + u64(t['height'])
    for key in ('parentHash', 'stateRoot', 'txsRoot', 'proofsRoot', 'daRoot'):
        out += h(t[key])
    p = t['params']
    out += u64(p['thetaMicro']) + u64(micro(p['gammaCap'])) + u64(micro(p['escortQ']))
    out += h(t['policyRoots']['poiesPolicy']) + h(t['policyRoots']['algPolicy'])
    out += u64(t['time'])
    out += string(t['nonceDomain']['uDomainTag']) + string(t['coinbase'])
    out += string(t['extra']['templateId']) + string(t['extra']['mempoolSnapshotId'])
    return out + bytes(-len(out) % 72)


def value(v):
    if v is True:
        return b'\x01'
    if v is False:
        return b'\x00'
    if isinstance(v, int):
        length = (v + (v < 0)).bit_length() // 8 + 1  # minimal two's complement
        return b'\x02' + bytes([length]) + v.to_bytes(length, 'big', signed=True)
    if isinstance(v, str):
        raw = v.encode('utf-8')
        return b'\x03' + len(raw).to_bytes(4, 'big') + raw
    if isinstance(v, list):
        return b'\x04' + len(v).to_bytes(4, 'big') + b''.join(value(e) for e in v)
    if isinstance(v, dict):
        members = sorted((k.encode('utf-8'), val) for k, val in v.items())
        return b'\x05' + len(members).to_bytes(4, 'big') + b''.join(
            len(k).to_bytes(4, 'big') + k + value(val) for k, val in members)
    raise TypeError(v)


def envelope_bytes(e):
    t = e['type_id'].encode('ascii')
    return bytes([len(t)]) + t + value(e['body']) + h(e['nullifier'])


def merkle_root(leaves):
    if not leaves:
        return bytes(32)
    level = [keccak256(b'\x00' + leaf) for leaf in leaves]
    while len(level) > 1:
        up = [keccak256(b'\x01' + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            up.append(level[-1])
        level = up
    return level[0]


decimal.getcontext().prec = 80
LN2 = decimal.Decimal(2).ln()


def h_micro(u):
    u = max(u, 1)
    nats = decimal.Decimal(256) * LN2 - decimal.Decimal(u).ln()
    return int((nats * 1000000).to_integral_value(rounding=decimal.ROUND_FLOOR))


# ---- the vectors

rnd = random.Random(20241121)


def rand32():
    return '0x' + bytes(rnd.getrandbits(8) for _ in range(32)).hex()


def proof(i):
    body = {'iterations': 1 << (10 + i), 'input': rand32(), 'y': '0x' + 'cd' * (20 + i),
            'metrics': {'secondsMicro': 1500000 * (i + 1), 'ok': True, 'neg': -129 * (i + 1)},
            'list': [i, 'x' * i, False, [], {}], 'big': -(1 << (100 + i)), 'unicode': 'caf\u00e9 \u2603'}
    return {'type_id': 'vdf:v1', 'body': body, 'nullifier': rand32()}


def template(name, proofs, theta, gamma, q, coinbase, snapshot, template_id, height, time):
    zero = '0x' + '00' * 32
    return {
        'chainId': 1337, 'height': height, 'parentHash': rand32() if height else zero, 'stateRoot': rand32(),
        'txsRoot': zero, 'proofsRoot': '0x' + merkle_root([envelope_bytes(p) for p in proofs]).hex(),
        'daRoot': zero, 'params': {'thetaMicro': theta, 'gammaCap': gamma, 'escortQ': q},
        'policyRoots': {'poiesPolicy': rand32(), 'algPolicy': rand32()},
        'nonceDomain': {'mixSeed': rand32(), 'uDomainTag': 'animica:u-draw:v1'}, 'time': time,
        'coinbase': coinbase, 'extra': {'mempoolSnapshotId': snapshot, 'templateId': template_id}}, name


cases = []
proof_sets = [[], [proof(0)], [proof(1), proof(2), proof(3)]]
specs = [
    ('genesis-like, no proofs', proof_sets[0], 16118096, 2.5, 0.15, 'anim1dev', '', 'genesis', 0, 1763700000),
    ('one proof committed', proof_sets[1], 1130000, 2.5, 0.15,
     'anim1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', 'mp-42', 'tpl-1024-0001', 1024, 1730000000),
    ('three proofs, longest strings', proof_sets[2], 99000000, 30, 1, 'a' * 90, 'S' * 64, 'T' * 64,
     (1 << 63) - 1, (1 << 63) - 1),
]
for spec in specs:
    t, name = template(*spec)
    header = canonical_header(t)
    seed = h(t['nonceDomain']['mixSeed'])
    shares = []
    for nonce in (0, 1, 0x0123456789abcdef, (1 << 64) - 1, rnd.getrandbits(64)):
        digest = keccak512(header + nonce.to_bytes(8, 'big') + seed)
        u = int.from_bytes(digest[:32], 'big')
        hm = h_micro(u)
        ratio = hm * 1000000 // t['params']['thetaMicro']
        nullifier = keccak256(b'animica:hashshare:nullifier:v1' + digest)
        shares.append({
            'nonce': '0x%016x' % nonce, 'keccak': '0x' + digest.hex(), 'u': '0x' + digest[:32].hex(),
            'hMicro': hm, 'd_ratio_ppm': ratio, 'nullifier': '0x' + nullifier.hex(),
            'blockHash': '0x' + keccak256(b'animica:block:v1' + digest).hex()})
    cases.append({
        'name': name, 'template': t, 'canonicalHeader': '0x' + header.hex(),
        'proofs': spec[1], 'proofCanonicalBytes': ['0x' + envelope_bytes(p).hex() for p in spec[1]],
        'shares': shares})

u_draws = []
for u in [0, 1, 2, 3, 1 << 128, (1 << 255) - 1, 1 << 255, (1 << 255) + 1, (1 << 256) - 1, (1 << 256) - 2]:
    u_draws.append({'u': '0x%064x' % u, 'hMicro': h_micro(u)})
for bits in (8, 64, 160, 192, 200, 250, 255, 256, 256, 256, 256):
    u = rnd.getrandbits(bits)
    u_draws.append({'u': '0x%064x' % u, 'hMicro': h_micro(u)})

print(json.dumps({
    'description': 'PoIES canonical header v1 test vectors (docs/poies-canonical-header.md), written by'
                   ' generate.py from an implementation independent of the Java code.',
    'headers': cases, 'uDraws': u_draws}, indent=2, ensure_ascii=False))
