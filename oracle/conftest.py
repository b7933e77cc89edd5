"""The oracle runs in float64 on both sides and finds its helper module."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

import ad_core

sys.path.insert(0, str(Path(__file__).parent))
torch.set_default_dtype(torch.float64)
ad_core.set_default_dtype(np.float64)
