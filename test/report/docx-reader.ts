import JSZip from 'jszip';
import { SaxesParser } from 'saxes';

/** An element of a Word part, as parsed (names keep their `w:` prefix). */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const root: XmlNode = { name: '#root', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root;
}

/** Every descendant named `name`, in document order. */
export function all(node: XmlNode, name: string): XmlNode[] {
  const found: XmlNode[] = [];
  const walk = (n: XmlNode): void => {
    for (const c of n.children) {
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(node);
  return found;
}

/** The text of a paragraph, cell or row: its `w:t` runs joined. */
export function textOf(node: XmlNode): string {
  return all(node, 'w:t').map((t) => t.text).join('');
}

export interface OpenedDocx {
  body: XmlNode;
  /** Every header part, by file name (`word/header1.xml`). */
  headers: Record<string, XmlNode>;
  styles: XmlNode;
  /** The body's paragraphs outside tables, as text. */
  paragraphs: string[];
  /** Every table, as rows of cell texts (the header table and the closing table included). */
  tables: string[][][];
}

/** Opens a .docx as a zip and parses its parts: what Word itself reads, no Word library's model. */
export async function openDocx(buffer: Buffer): Promise<OpenedDocx> {
  const zip = await JSZip.loadAsync(buffer);
  const part = async (name: string): Promise<XmlNode> => parseXml(await zip.file(name)!.async('string'));
  const body = await part('word/document.xml');
  const headers: Record<string, XmlNode> = {};
  for (const name of Object.keys(zip.files).filter((n) => /^word\/header\d+\.xml$/.test(n))) headers[name] = await part(name);
  const styles = await part('word/styles.xml');
  const bodyNode = all(body, 'w:body')[0]!;
  const paragraphs = bodyNode.children.filter((c) => c.name === 'w:p').map(textOf);
  const tables = all(bodyNode, 'w:tbl').map((tbl) => all(tbl, 'w:tr').map((tr) => all(tr, 'w:tc').map(textOf)));
  return { body, headers, styles, paragraphs, tables };
}
