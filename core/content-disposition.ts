/** The Content-Disposition header of a download (RFC 6266 / 5987): a pure formatter, shared by the web door and Zalo's download links. */
import { stripDiacritics } from './text';

/** RFC 5987 `ext-value` encoding: percent-encode everything but attr-chars. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment` with the file's own (Vietnamese) name for browsers that read
 * `filename*` (RFC 6266), and a plain ASCII `filename` for those that do not:
 * old phone browsers would otherwise save `B_o_c_o.docx` or mojibake.
 */
export function attachmentHeader(fileName: string, asciiFallback?: string): string {
  const ascii = (asciiFallback ?? stripDiacritics(fileName)).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
