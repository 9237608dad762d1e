import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

// Real image files for tests: a unique colour (so every call is a new image) and, when asked, the
// caption, creator, credit line and place an agency writes into XMP.

function escapeXml(value: string): string {
  return value.replace(/[<>&"]/g, (character) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[character]!);
}

export interface ImageFields {
  caption?: string;
  creator?: string;
  creditLine?: string;
  city?: string;
  country?: string;
}

function xmpPacket(fields: ImageFields): string {
  const parts: string[] = [];
  if (fields.creditLine) parts.push(`<photoshop:Credit>${escapeXml(fields.creditLine)}</photoshop:Credit>`);
  if (fields.city) parts.push(`<photoshop:City>${escapeXml(fields.city)}</photoshop:City>`);
  if (fields.country) parts.push(`<photoshop:Country>${escapeXml(fields.country)}</photoshop:Country>`);
  if (fields.creator) parts.push(`<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.creator)}</rdf:li></rdf:Seq></dc:creator>`);
  if (fields.caption) parts.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fields.caption)}</rdf:li></rdf:Alt></dc:description>`);
  return (
    `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">${parts.join("")}</rdf:Description>` +
    `</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
  );
}

/** A unique real JPEG, `width`×`height`, carrying `fields` in XMP. */
export async function testJpeg(fields: ImageFields = {}, width = 400, height = 300): Promise<Buffer> {
  const background = { r: Math.floor(Math.random() * 256), g: Math.floor(Math.random() * 256), b: Math.floor(Math.random() * 256) };
  const image = sharp({ create: { width, height, channels: 3, background } }).jpeg();
  return (Object.keys(fields).length > 0 ? image.withXmp(xmpPacket(fields)) : image).toBuffer();
}

/** A valid PNG header claiming width×height, with a tiny (wrong) data chunk: a decompression bomb's shape. */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([length, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(1000))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
