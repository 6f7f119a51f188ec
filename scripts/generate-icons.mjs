// Makes the PWA icons (public/icons) from the bell of src/app/icon.svg with
// sharp (Next's image dependency). Run once; the PNGs are committed.
import sharp from "sharp";

const bell =
  '<path fill="#fff" d="M16 27a3 3 0 0 0 2.9-2.3h-5.8A3 3 0 0 0 16 27Zm8-7v-5.5a8 8 0 0 0-6.2-7.8V6a1.8 1.8 0 0 0-3.6 0v.7A8 8 0 0 0 8 14.5V20l-2 2.2v1.3h20v-1.3Z"/>';
// "any": rounded square. "maskable": full-bleed, bell inside the 80% safe zone.
const any = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d4ed8"/>${bell}</svg>`;
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1d4ed8"/><g transform="translate(4.8 4.8) scale(0.7)">${bell}</g></svg>`;

for (const size of [192, 512]) {
  await sharp(Buffer.from(any)).resize(size, size).png().toFile(`public/icons/icon-${size}.png`);
  await sharp(Buffer.from(maskable)).resize(size, size).png().toFile(`public/icons/maskable-${size}.png`);
}
await sharp(Buffer.from(any)).resize(180, 180).png().toFile("public/icons/apple-touch-icon.png");
