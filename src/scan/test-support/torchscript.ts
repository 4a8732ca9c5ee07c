import { dumps, py } from './pickle-writer.ts';
import { zip, type ZipMember } from './zip-writer.ts';

/**
 * TorchScript archives laid out as torch.jit.save writes them (checked against the real files in
 * fixtures/real): `<root>/data.pkl` (the module object, `__torch__.*` classes), `<root>/code/__torch__/…py`
 * (deflated source, as printed by TorchScript), `constants.pkl`, `version`, `byteorder`; the lite
 * interpreter adds `bytecode.pkl`.
 */
export const benignTorchScriptCode = `class M(Module):
  __parameters__ = ["weight", ]
  __buffers__ = []
  weight : Tensor
  training : bool
  _is_full_backward_hook : Optional[bool]
  def forward(self: __torch__.M,
    x: Tensor) -> Tensor:
    weight = self.weight
    _0 = torch.linear(x, weight)
    if bool(torch.gt(torch.sum(_0), 0)):
      _1 = torch.relu(_0)
    else:
      _1 = torch.add(_0, ops.prim.NumToTensor(1))
    return _1
`;

/** A forward that writes and reads files and calls an operator from a library the loader must load. */
export function torchScriptCode(body: string): string {
  return `class M(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.M,
    x: Tensor) -> Tensor:
${body.split('\n').map((l) => `    ${l}`).join('\n')}
    return x
`;
}

export function torchScriptZip(code: Record<string, string>, options: { root?: string; constants?: Uint8Array; bytecode?: Uint8Array; extra?: ZipMember[] } = {}): Uint8Array {
  const root = options.root ?? 'model';
  const module = dumps(py.reduce(py.global('__torch__', 'M'), py.tuple(), { newobj: true, state: py.dict({ training: true, _is_full_backward_hook: null }) }), 2);
  const members: ZipMember[] = [
    { name: `${root}/data.pkl`, data: module },
    ...Object.entries(code).map(([name, src]) => ({ name: `${root}/code/${name}`, data: new TextEncoder().encode(src), method: 'deflate' as const })),
    { name: `${root}/constants.pkl`, data: options.constants ?? dumps(py.tuple(), 2) },
    ...(options.bytecode ? [{ name: `${root}/bytecode.pkl`, data: options.bytecode }] : []),
    { name: `${root}/version`, data: new TextEncoder().encode('3\n') },
    { name: `${root}/byteorder`, data: new TextEncoder().encode('little') },
    { name: `${root}/.data/serialization_id`, data: new TextEncoder().encode('1234567890123456789012345678901234567890') },
    ...(options.extra ?? []),
  ];
  return zip(members);
}

/** A lite-interpreter bytecode.pkl: (version, (method, (('instructions', …), ('operators', ((name, overload, n), …)), …))). */
export function liteBytecode(operators: string[]): Uint8Array {
  const table = py.tuple('operators', py.tuple(...operators.map((op) => py.tuple(op, '', 2))));
  const method = py.tuple('__torch__.M.forward', py.tuple(py.tuple('instructions', py.tuple(py.tuple('OP', 0, 0), py.tuple('RET', 0, 0))), table));
  return dumps(py.tuple(8, method), 2);
}
