# Independent numpy (float64) evaluation of ALGORITHM.md step 1 with per-channel normalisation,
# on the first 4 images of the squares32 golden case, with CIFAR-10's mean/std.
# Writes sr_normalized_squares32.f32 (4 x 32 x 32, little-endian float32). Run from this folder.
import numpy as np
N, C, H, W = 32, 3, 32, 32
x = np.fromfile('../golden/squares32/input.f32', '<f4').reshape(N, C, H, W).astype(np.float64)[:4]
mean = np.array([0.4914, 0.4822, 0.4465]); std = np.array([0.2470, 0.2435, 0.2616])
def blur(s):
    t = np.arange(-3, 4); k = np.exp(-t * t / 18.); k /= k.sum()
    p = np.pad(s, 3, mode='reflect')
    h = sum(k[i] * p[:, i:i + s.shape[1]] for i in range(7))
    return sum(k[i] * h[i:i + s.shape[0], :] for i in range(7))
def box(L):
    p = np.pad(L, 1, mode='edge')
    return sum(p[i:i + L.shape[0], j:j + L.shape[1]] for i in range(3) for j in range(3)) / 9
out = []
for img in x:
    n = (img - mean[:, None, None]) / std[:, None, None]
    g = 0.2989 * n[0] + 0.587 * n[1] + 0.114 * n[2]
    F = np.fft.fft2(g); A = np.sqrt(F.real ** 2 + F.imag ** 2 + 1e-10); L = np.log(A)
    out.append(blur(np.abs(np.fft.ifft2(F * np.exp(L - box(L)) / A))))
np.array(out, '<f4').tofile('sr_normalized_squares32.f32')
