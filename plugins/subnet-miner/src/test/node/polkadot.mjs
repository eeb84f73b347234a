// Reference signer and verifier for the subnet-miner tests and bench, on @polkadot/util-crypto and
// @polkadot/keyring. Reads a JSON array of operations on stdin, writes a JSON array of results on stdout.
//   {"op":"pair","seed":"0x..","type":"sr25519"|"ed25519"}       -> {"publicKey":"0x..","address":"5.."}
//   {"op":"sign","seed":"0x..","type":..,"message":"text"}        -> {"signature":"0x.."}
//   {"op":"verify","message":"text","signature":"0x..","address":"5.."}
//                                                                 -> {"isValid":bool,"crypto":"sr25519"|..,"isWrapped":bool}
//   {"op":"epistula","seed":"0x..","body":"text","uuid":"..","timestamp":ms,"signedFor":"5.."?}
//                                                                 -> Epistula v2 request headers
//   {"op":"legacy","seed":"0x..","body":"text","timestampNs":"ns"} -> the older X-Epistula-* headers
//   {"op":"bench","seconds":S}   -> sr25519 verifications per second for S seconds each: util-crypto's
//                                   sr25519Verify (@scure/sr25519, JavaScript) and @polkadot/wasm-crypto's (WASM),
//                                   per second of wall-clock time and per second of the process's CPU time
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, stringToU8a, hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, sha256AsU8a, signatureVerify, sr25519Verify, sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';
import { sr25519Verify as wasmSr25519Verify, isReady as wasmReady } from '@polkadot/wasm-crypto';

await cryptoWaitReady();

function pair(op) {
  const keyring = new Keyring({ type: op.type || 'sr25519', ss58Format: 42 });
  return keyring.addFromSeed(hexToU8a(op.seed));
}

// Verifications per second of wall-clock time, and per second of the process's CPU time (which leaves out the
// time other processes hold the cores).
function timed(seconds, verify) {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let n = 0;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 20; i++, n++) {
      if (!verify()) throw new Error('verify failed');
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  return [n / (Number(process.hrtime.bigint() - start) / 1e9), n / ((cpu.user + cpu.system) / 1e6)];
}

function bench(seconds) {
  const seed = new Uint8Array(32).fill(9);
  const kp = sr25519PairFromSeed(seed);
  const message = stringToU8a('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.uuid.1700000000000.');
  const signature = sr25519Sign(message, kp);
  const [js, jsCpu] = timed(seconds, () => sr25519Verify(message, signature, kp.publicKey));
  const result = { utilCryptoPerSecond: js, utilCryptoPerCpuSecond: jsCpu };
  if (wasmReady()) {
    [result.wasmPerSecond, result.wasmPerCpuSecond] =
      timed(seconds, () => wasmSr25519Verify(signature, message, kp.publicKey));
  }
  return result;
}

function bodyHash(text) {
  return u8aToHex(sha256AsU8a(stringToU8a(text))).slice(2);
}

function run(op) {
  switch (op.op) {
    case 'pair': {
      const p = pair(op);
      return { publicKey: u8aToHex(p.publicKey), address: p.address };
    }
    case 'sign':
      return { signature: u8aToHex(pair(op).sign(stringToU8a(op.message))) };
    case 'verify': {
      const r = signatureVerify(stringToU8a(op.message), hexToU8a(op.signature), op.address);
      return { isValid: r.isValid, crypto: r.crypto, isWrapped: r.isWrapped };
    }
    case 'epistula': {
      const p = pair(op);
      const message = `${bodyHash(op.body)}.${op.uuid}.${op.timestamp}.${op.signedFor || ''}`;
      const headers = {
        'Epistula-Version': '2',
        'Epistula-Timestamp': String(op.timestamp),
        'Epistula-Uuid': op.uuid,
        'Epistula-Signed-By': p.address,
        'Epistula-Request-Signature': u8aToHex(p.sign(stringToU8a(message)))
      };
      if (op.signedFor) headers['Epistula-Signed-For'] = op.signedFor;
      return headers;
    }
    case 'legacy': {
      const p = pair(op);
      const message = `${op.timestampNs}.${bodyHash(op.body)}`;
      return {
        'X-Epistula-Timestamp': op.timestampNs,
        'X-Epistula-Hotkey': p.address,
        'X-Epistula-Signature': u8aToHex(p.sign(stringToU8a(message))).slice(2)
      };
    }
    case 'bench':
      return bench(op.seconds);
    default:
      throw new Error('unknown op ' + op.op);
  }
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(JSON.parse(input).map(run)) + '\n');
