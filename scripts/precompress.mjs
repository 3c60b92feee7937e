// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside every file of the
// built web app that is worth compressing, for the server to send as they are.
//
//   node scripts/precompress.mjs DIST
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const worth = /\.(wasm|js|css|html|svg)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (worth.test(entry.name)) yield path;
  }
}

for (const path of files(process.argv[2])) {
  const bytes = readFileSync(path);
  const text = !path.endsWith(".wasm");
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
}
