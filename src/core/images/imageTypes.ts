// What kind of image a file really is, from its first bytes: a server's Content-Type and a URL's
// extension are often wrong (`.png` URLs serving JPEG, `application/octet-stream` for everything),
// and a local copy must get the extension that matches its content.
//
// Only the raster formats the notes view accepts inline (render.ts) are kept: PNG, JPEG, GIF and
// WebP. SVG is refused: it is a document that can carry scripts and load other resources. The
// notes view shows images through <img> under a CSP without script, where an SVG is inert, but a
// copy in the notes folder is also opened by browsers and other tools, where it is not.

export interface ImageType {
  /** The extension a local copy gets, with its dot. */
  ext: string;
  mime: string;
  /** How messages name the format. */
  name: string;
}

const PNG: ImageType = { ext: '.png', mime: 'image/png', name: 'PNG' };
const JPEG: ImageType = { ext: '.jpg', mime: 'image/jpeg', name: 'JPEG' };
const GIF: ImageType = { ext: '.gif', mime: 'image/gif', name: 'GIF' };
const WEBP: ImageType = { ext: '.webp', mime: 'image/webp', name: 'WebP' };

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

const ascii = (text: string) => Array.from(text, c => c.charCodeAt(0));

/** The image type of the bytes by their signature, or null when they are none of the kept formats. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return GIF;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return WEBP;
  return null;
}

/** Whether the response is an SVG document: by its Content-Type, or by an `<svg` near its start. */
export function isSvg(bytes: Uint8Array, contentType: string): boolean {
  if (/^image\/svg\+xml\b/i.test(contentType.trim())) return true;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  return (head.startsWith('<svg') || head.startsWith('<?xml') || head.startsWith('<!doctype svg')) && head.includes('<svg');
}
