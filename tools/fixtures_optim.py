import torch
from fixtures_common import Suite
def build():
    return Suite("x_optim.json")
