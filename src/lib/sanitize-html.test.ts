import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize-html.ts';

describe('sanitizeHtml', () => {
  it('keeps formatting, tables and lists', () => {
    const html =
      '<p><b>bold</b> <i>it</i> <u>u</u> <s>s</s></p><h2>Title</h2><ul><li>one</li></ul><blockquote>q</blockquote>' +
      '<table border="1" cellpadding="2"><tbody><tr><td colspan="2" align="center">cell</td></tr></tbody></table><pre>code</pre>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<style>p{color:red}</style><p>ok</p>', '<p>ok</p>'],
    ['<iframe src="https://evil.example"></iframe><p>ok</p>', '<p>ok</p>'],
    ['<object data="x.swf"></object><embed src="x.swf"><p>ok</p>', '<p>ok</p>'],
    ['<form action="https://evil.example"><input name="q"><button>Go</button></form>', 'Go'],
    [
      '<head><title>Title</title><meta http-equiv="refresh" content="0;url=https://evil.example"></head><p>ok</p>',
      '<p>ok</p>',
    ],
    ['<p onclick="x()" onmouseover="y()">ok</p>', '<p>ok</p>'],
    ['<img src="x.png" onerror="bad()">', '<img src="x.png" />'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="  JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="vbscript:x">x</a>', '<a>x</a>'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a>x</a>'],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img />'],
    ['<p class="btn btn-danger" id="app">ok</p>', '<p>ok</p>'],
  ])('neutralises %s', (input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected);
  });

  it('allows http(s) and mailto links, opening them safely', () => {
    expect(sanitizeHtml('<a href="https://x.example/a?b=1&amp;c=2">x</a>')).toBe(
      '<a href="https://x.example/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
    expect(sanitizeHtml('<a href="mailto:help@x.example">mail</a>')).toContain('href="mailto:help@x.example"');
    expect(sanitizeHtml('<a href="ftp://x.example/f">f</a>')).toBe('<a>f</a>');
  });

  it('allows images from http(s), cid: and raster data: URLs', () => {
    for (const src of [
      'https://x.example/a.png',
      'http://x.example/a.png',
      'cid:logo@x.example',
      'data:image/png;base64,iVBORw0KGgo=',
    ]) {
      expect(sanitizeHtml(`<img src="${src}" alt="a">`)).toBe(`<img src="${src}" alt="a" />`);
    }
  });

  it('keeps harmless inline styles and drops those that load or run things', () => {
    expect(sanitizeHtml('<p style="color:#333;font-weight:bold;text-align:center">x</p>')).toBe(
      '<p style="color:#333;font-weight:bold;text-align:center">x</p>',
    );
    expect(sanitizeHtml('<p style="background:url(https://track.example/p.gif);color:red">x</p>')).toBe(
      '<p style="color:red">x</p>',
    );
    expect(sanitizeHtml('<p style="width:expression(alert(1))">x</p>')).toBe('<p>x</p>');
    expect(sanitizeHtml('<p style="position:fixed;top:0">x</p>')).toBe('<p>x</p>');
  });

  it('never lets script, handlers or javascript: URLs through, whatever the mix', () => {
    const fragment = fc.constantFrom(
      '<script>alert(1)</script>',
      '<scr<script>ipt>alert(2)</script>',
      '<img src=x onerror=alert(3)>',
      '<a href="javascript:alert(4)">a</a>',
      '<a href="jav&#x09;ascript:alert(5)">b</a>',
      '<svg onload=alert(6)>',
      '<iframe srcdoc="<script>alert(7)</script>">',
      '<div style="background:url(javascript:alert(8))">',
      '<p>text</p>',
      '<b>bold',
      '</div>',
      '"><',
      '<!-- comment -->',
      '<math><mi xlink:href="javascript:alert(9)">m</mi></math>',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (fragments) => {
        const out = sanitizeHtml(fragments.join(''));
        expect(out).not.toMatch(/<\s*(?:script|iframe|svg|math|object|embed|style)/i);
        expect(out).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
        expect(out).not.toMatch(/(?:href|src|style)="[^"]*javascript:/i);
      }),
    );
  });
});
