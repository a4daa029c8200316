#!/usr/bin/python3
"""make-decode-golden.py OUT: JPEG/PNG files and what Pillow decodes them to, for PillowDecodeFidelityTest.

Run with Debian's python3 (Pillow 9.4 with libjpeg-turbo) and ImageMagick (for the YCCK file, as
Photoshop writes them). Each case NAME gets NAME.<ext> (the file, sometimes named with the wrong
extension on purpose) and NAME.expected.png: Image.open(f).convert(MODE) (mode L for grey files),
or with im.draft(MODE, (W // a, H // a)) first for the reduced cases. cases.tsv lists
name, file, mode, reduce.
"""
import os, subprocess, sys
import numpy as np
import skimage.data as d
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rows = []


def photo(name, box, size):
    im = getattr(d, name)()
    if im.ndim == 2:
        im = np.stack([im] * 3, -1)
    return Image.fromarray(im[..., :3]).crop(box).resize(size, Image.BILINEAR)


def case(name, fname, mode="RGB", reduce=1):
    im = Image.open(os.path.join(out, fname))
    if reduce > 1:
        W, H = im.size
        im.draft(mode, (W // reduce, H // reduce))
        assert im.size == ((W + reduce - 1) // reduce, (H + reduce - 1) // reduce), (name, im.size)
    im.convert(mode).save(os.path.join(out, name + ".expected.png"))
    rows.append((name, fname, mode, str(reduce)))


a = photo("astronaut", (40, 10, 440, 380), (251, 233))
a.save(os.path.join(out, "baseline420.jpg"), quality=90)
case("baseline420", "baseline420.jpg")
a.save(os.path.join(out, "baseline444.jpg"), quality=95, subsampling=0)
case("baseline444", "baseline444.jpg")
c = photo("chelsea", (0, 0, 451, 300), (187, 125))
c.save(os.path.join(out, "baseline422.jpg"), quality=85, subsampling=1, optimize=True)
case("baseline422", "baseline422.jpg")
c.save(os.path.join(out, "progressive.jpg"), quality=90, progressive=True)
case("progressive", "progressive.jpg")
g = photo("camera", (0, 0, 512, 512), (173, 131)).convert("L")
g.save(os.path.join(out, "grey.jpg"), quality=90)
case("grey", "grey.jpg", "L")
case("grey-as-rgb", "grey.jpg", "RGB")
case("colour-as-grey", "baseline420.jpg", "L")
k = photo("coffee", (0, 0, 600, 400), (161, 107)).convert("CMYK")
k.save(os.path.join(out, "cmyk.jpg"), quality=90)
case("cmyk", "cmyk.jpg")
subprocess.run(["convert", os.path.join(out, "cmyk.jpg"), "-quality", "90", os.path.join(out, "ycck.jpg")], check=True)
assert Image.open(os.path.join(out, "ycck.jpg")).info.get("adobe_transform") == 2, "ImageMagick did not write YCCK"
case("ycck", "ycck.jpg")
photo("rocket", (0, 0, 427, 640), (97, 145)).save(os.path.join(out, "png-named.jpg"), format="PNG")
case("png-named-jpg", "png-named.jpg")
big = photo("astronaut", (0, 0, 512, 512), (403, 389))
big.save(os.path.join(out, "big.jpg"), quality=90)
for r in (2, 4, 8):
    case("reduce%d" % r, "big.jpg", "RGB", r)
big.convert("L").save(os.path.join(out, "biggrey.jpg"), quality=90)
case("reduce2-grey", "biggrey.jpg", "L", 2)
with open(os.path.join(out, "cases.tsv"), "w") as f:
    for r in rows:
        f.write("\t".join(r) + "\n")
print(len(rows), "cases")

# Whole-record cases (not in cases.tsv): big.jpg with --resize 100x100, as a PyTorch loader with
# draft would do it (draft to the requested size, then resize), and without draft.
im = Image.open(os.path.join(out, "big.jpg"))
im.draft("RGB", (100, 100))
assert im.size == (202, 195), im.size
im.convert("RGB").resize((100, 100), Image.BILINEAR).save(os.path.join(out, "draft-resize100.expected.png"))
Image.open(os.path.join(out, "big.jpg")).convert("RGB").resize((100, 100), Image.BILINEAR).save(
    os.path.join(out, "full-resize100.expected.png"))
