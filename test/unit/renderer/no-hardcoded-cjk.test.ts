// Every user-visible string lives in renderer/src/i18n/ (or comes from the shared schemas):
// no string literal, template text or JSX text with Chinese characters elsewhere in the renderer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../../renderer/src');
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const IDEOGRAPH = /[\u3400-\u4dbf\u4e00-\u9fff]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return full === path.join(ROOT, 'i18n') ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Chinese text in string literals, template pieces and JSX text of one file (comments are fine). */
export function findCjkLiterals(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) {
      const value = ts.isJsxText(node) ? node.getText(source) : node.text;
      // A lone full-width punctuation mark (an input separator such as ，or 、) is not text to translate.
      if (CJK.test(value) && (IDEOGRAPH.test(value) || value.trim().length > 1)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${path.relative(ROOT, fileName)}:${line + 1}: ${value.trim()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no hard-coded Chinese outside the dictionaries', () => {
  it('finds the renderer sources to scan', () => {
    expect(sourceFiles(ROOT).length).toBeGreaterThan(5);
  });

  it('no renderer source outside i18n/ has Chinese text in a literal', () => {
    const offenders = sourceFiles(ROOT).flatMap((f) => findCjkLiterals(f, readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the scanner catches literals, template text and JSX text, but not comments', () => {
    const sample = [
      '// 注释可以用中文',
      "const a = '保存';",
      'const b = `共 ${n} 条`;',
      'const c = <span>新建</span>;',
      'const d = <Input placeholder="请输入" />;',
      "const separators = ['，', '、'];",
    ].join('\n');
    const lines = findCjkLiterals(path.join(ROOT, 'sample.tsx'), sample).map((hit) => hit.split(':')[1]);
    expect(lines).toEqual(['2', '3', '3', '4', '5']);
  });
});
