import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { embedCjkFont } from '../fixtures/cjkFont';

test('generated PDFs can carry Chinese text (the CJK font embeds as a subset)', async () => {
  const doc = await PDFDocument.create();
  const font = await embedCjkFont(doc);
  doc.addPage([960, 540]).drawText('状态后端 Changelog', { x: 40, y: 400, size: 28, font });
  const bytes = await doc.save();
  // A subset keeps the file small: the full font is about 10 MB.
  assert.ok(bytes.byteLength < 100_000, `subset embedded (${bytes.byteLength} bytes)`);
});
