"""Robustness fuzzing (docs/fuzzing.md): .pt archives whose data.pkl is mutated (bytes flipped, truncated)
and re-zipped with valid CRCs, in /tmp/mpt; node tools/fuzz/pt_pickle_run.mjs loads each and lists any error
that is not one of PyTorch's error classes, any load over 2 s, and the memory used."""
import zipfile, random, io, os, glob
random.seed(3)
srcs = [f for f in glob.glob('test/fixtures/pt/*.pt') if 'legacy' not in f and 'scripted' not in f]
n = 0
for it in range(1500):
    f = random.choice(srcs)
    try: z = zipfile.ZipFile(f)
    except Exception: continue
    names = z.namelist()
    pk = [x for x in names if x.endswith('data.pkl')]
    if not pk: continue
    data = bytearray(z.read(pk[0]))
    k = random.randrange(4)
    if k == 0: data = data[:random.randrange(len(data))]
    else:
        for _ in range(random.randint(1, 4)):
            at = random.randrange(len(data))
            data[at] = random.randrange(256) if k == 1 else data[at] ^ (1 << random.randrange(8)) if k == 2 else random.choice([0, 255, 0x7f, 0x80, ord('('), ord('}'), ord('R'), ord('b'), ord('c')])
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as w:
        for x in names:
            w.writestr(x, bytes(data) if x == pk[0] else z.read(x))
    open(f'/tmp/mpt/m{it}.pt', 'wb').write(out.getvalue()); n += 1
print(n)
