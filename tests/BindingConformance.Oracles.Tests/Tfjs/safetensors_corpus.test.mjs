// Runs the shared malformed-file corpus through the Node safetensors reader (run by TfjsSafetensorsCorpusTests.cs
// with `node --test`). The corpus (fixtures/formats/malformed, copied beside the tests as Formats/Corpus) names
// the outcome of every file; the C# and Python readers run the same corpus and must agree (docs/formats.md).
// This reader handles safetensors only: the tfjs binding neither reads nor writes the TorchSharp format.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAX_HEADER_BYTES, MAX_RANK, MAX_TENSORS, SafetensorsError, readSafetensors } from '../Workers/safetensors.mjs';

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'Formats', 'Corpus');
const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'expected.json'), 'utf8'));
const cases = manifest.cases.filter(c => c.format === 'safetensors');

/** The bytes of a generated case, as make_corpus.generated writes them: `tensors` empty U8 tensors t0, t1, ... */
function generated({ tensors, closed }) {
  const entries = Array.from({ length: tensors }, (_, i) => `"t${i}":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}`);
  const header = Buffer.from(`{${entries.join(',')}${closed ? '}' : ''}`, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header]);
}

function outcome(file) {
  try {
    readSafetensors(file);
    return ['ok', undefined];
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    assert.ok(e.message.includes(file), `the message names the file: ${e.message}`);
    return ['rejected', e.reason];
  }
}

test('the reader declares the corpus bounds', () => {
  assert.equal(MAX_HEADER_BYTES, manifest.max_header_bytes);
  assert.equal(MAX_TENSORS, manifest.max_tensors);
  assert.equal(MAX_RANK, manifest.max_rank);
});

test('the corpus holds safetensors cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'safetensors-corpus-'));
test.after(() => fs.rmSync(folder, { recursive: true, force: true }));

for (const c of cases) {
  test(c.name, () => {
    const file = c.generated ? path.join(folder, c.name) : path.join(corpus, c.file);
    if (c.generated) fs.writeFileSync(file, generated(c.generated));
    assert.deepEqual(outcome(file), [c.expected, c.reason], c.why);
    if (c.generated) fs.rmSync(file);
  });
}
