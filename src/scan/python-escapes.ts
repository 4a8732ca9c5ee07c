/**
 * Python's backslash escapes, decoded as CPython's parser does. `bytes` is a bytes literal (and a
 * protocol-0 STRING argument): no \u, \U or \N, octal escapes wrap at 0xff. `dynamic` is set when a
 * named character (\N{…}) makes the value unknowable without Unicode's name table.
 */
const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

export function unescapePython(s: string, bytes: boolean): { value: string; dynamic: boolean } {
  let out = '';
  let dynamic = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k]!;
    if (c !== '\\' || k + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++k]!;
    const hex = (len: number): boolean => {
      const h = s.slice(k + 1, k + 1 + len);
      if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) return false;
      const cp = parseInt(h, 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      k += len;
      return true;
    };
    if (Object.hasOwn(simple, n)) out += simple[n];
    else if (n === 'x' && hex(2)) continue;
    else if (!bytes && n === 'u' && hex(4)) continue;
    else if (!bytes && n === 'U' && hex(8)) continue;
    else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(k))![0];
      out += String.fromCharCode(bytes ? parseInt(m, 8) & 0xff : parseInt(m, 8));
      k += m.length - 1;
    } else if (!bytes && n === 'N' && s[k + 1] === '{') {
      dynamic = true;
      const end = s.indexOf('}', k);
      k = end < 0 ? s.length : end;
    } else out += `\\${n}`;
  }
  return { value: out, dynamic };
}
