#!/usr/bin/python3
"""make-transform-golden.py OUT: golden files for the base transforms, made by torchvision on PIL images.

Debian's python3-torchvision (0.14) and python3-pil (9.4): apt-get install python3-torchvision python3-pil
python3-skimage. Writes into OUT (src/test/resources/golden/transforms):
  *.png           the source images (real photographs from scikit-image, cut to odd sizes) and the
                  expected outputs, lossless
  cases.json      one case per output: the source, the transform, torchvision's drawn parameters
                  (i, j, h, w as get_params returns them; flip) and the expected file
  sampler-*.csv.gz 20 000 draws of RandomResizedCrop.get_params (i, j, h, w) per image size, for the
                  two-sample test of the project's sampler
"""
import gzip, json, os, sys
import numpy as np
import skimage.data as data
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(29)
B = T.InterpolationMode.BILINEAR

def save(img, name):
    img.save(os.path.join(out, name), optimize=True)
    return name

sources = {
    # A real photo of ImageNet's typical size, wide and tall; an odd small grey; an odd small colour.
    "photo-333x500.png": Image.fromarray(data.astronaut()[40:373, 6:506]),
    "photo-500x333.png": Image.fromarray(data.rocket()[:500, 150:483]),
    "grey-31x29.png": Image.fromarray(data.camera()[200:231, 240:269]),
    "colour-37x53.png": Image.fromarray(data.coffee()[100:137, 200:253]),
}
for name, img in sources.items():
    save(img, name)

cases = []
def case(src, crop, params, flip, img):
    if flip:
        img = F.hflip(img)
    name = "out-%03d.png" % len(cases)
    save(img, name)
    cases.append({"source": src, "crop": crop, "params": params, "flip": flip, "expected": name})

def resize_case(src, h, w):
    name = "out-%03d.png" % len(cases)
    save(F.resize(sources[src], [h, w], interpolation=B), name)
    cases.append({"source": src, "resize": [h, w], "expected": name})

for src in ["photo-333x500.png", "photo-500x333.png", "colour-37x53.png", "grey-31x29.png"]:
    img = sources[src]
    W, H = img.size
    S = 224 if W > 100 else 24
    R = 256 if W > 100 else 32
    # RandomResizedCrop(S): parameters from torchvision's own sampler, then its resized_crop.
    small = W < 100
    rrc = T.RandomResizedCrop(S)
    for k in range(4 if small else 2):
        i, j, h, w = rrc.get_params(img, rrc.scale, rrc.ratio)
        case(src, "random-resized:%d" % S, [i, j, h, w], k % 2 == 1, F.resized_crop(img, i, j, h, w, [S, S], interpolation=B))
    # Resize(R) then RandomCrop(S): corners and random positions of the resized image.
    rs = F.resize(img, R, interpolation=B)
    rw, rh = rs.size
    for k, (i, j) in enumerate([(0, 0), (rh - S, rw - S)] + [(int(torch.randint(0, rh - S + 1, (1,))), int(torch.randint(0, rw - S + 1, (1,)))) for _ in range(2 if small else 1)]):
        case(src, "resize-random:%d,%d" % (R, S), [i, j, S, S], k == 2, F.crop(rs, i, j, S, S))
    # Resize(R) then CenterCrop(S); CenterCrop alone, smaller and larger than the image (padding).
    small = W < 100
    case(src, "center:%d,%d" % (R, S), None, False, F.center_crop(rs, S))
    case(src, "center:%d" % (min(W, H) - 3 if small else 97), None, False, F.center_crop(img, min(W, H) - 3 if small else 97))
    if small:
        case(src, "center:%d" % (max(W, H) + 5), None, False, F.center_crop(img, max(W, H) + 5))
    # RandomCrop(S', padding=P) with S' about the image's size (CIFAR's recipe): corners, the middle, random.
    P = 2 if W < 100 else 4
    Sp = min(W, H) if small else 64
    pd = F.pad(img, P)
    pw, ph = pd.size
    for k, (i, j) in enumerate([(0, 0), (ph - Sp, pw - Sp), ((ph - Sp) // 2, (pw - Sp) // 2),
                                (int(torch.randint(0, ph - Sp + 1, (1,))), int(torch.randint(0, pw - Sp + 1, (1,))))]):
        case(src, "random:%d,pad=%d" % (Sp, P), [i, j, Sp, Sp], k % 2 == 0, F.crop(pd, i, j, Sp, Sp))
    # --resize HxW: down, up, and mixed.
    resize_case(src, 224 if H > 100 else 28, 224 if W > 100 else 28)
    resize_case(src, H // 3 + 1, W // 2 + 3)
    if small:
        resize_case(src, H * 2 - 1, W + 7)

json.dump({"torchvision": torchvision.__version__, "pillow": Image.__version__, "cases": cases},
          open(os.path.join(out, "cases.json"), "w"), indent=1)

# The sampler's distribution: a tall, a wide and a tiny image (the tiny one mostly falls back).
for h, w in [(500, 120), (90, 400), (3, 40)]:
    img = Image.new("L", (w, h))
    with gzip.open(os.path.join(out, "sampler-%dx%d.csv.gz" % (h, w)), "wt") as f:
        f.write("i,j,h,w\n")
        for _ in range(20000):
            f.write("%d,%d,%d,%d\n" % T.RandomResizedCrop.get_params(img, (0.08, 1.0), (3 / 4, 4 / 3)))
print("wrote %d cases and 3 sampler files to %s (torchvision %s, Pillow %s)" % (len(cases), out, torchvision.__version__, Image.__version__))
