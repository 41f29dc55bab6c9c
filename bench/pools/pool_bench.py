"""The Python half of compare_pools.sh: the same cases as PoolBench.java, printed as `case<TAB>median ms` lines."""
import statistics
import sys
import time
from multiprocessing import Pool

WARM_UP_SECONDS = 3  # as PoolBench.WARM_UP_SECONDS
WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut".split(" ")


def ident(x):
    return x


def word_lengths(line):
    return [len(w) for w in line.split()]


def lines(n):
    return [" ".join(WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(8 + i % 8)) for i in range(n)]


def report(name, ms):
    print(f"{name}\t{statistics.median(ms):.2f}", flush=True)


def warm(pool, items, chunk, reps):
    run = (lambda: pool.map(ident, items)) if chunk == 0 else (lambda: pool.map(ident, items, chunk))
    until = time.perf_counter() + WARM_UP_SECONDS
    while time.perf_counter() < until:
        run()
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        got = run()
        ms.append((time.perf_counter() - t0) * 1e3)
        assert got == items
    return ms


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    cold_reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    items = list(range(10_000))
    text = lines(16_384)
    start, cold = [], []
    for _ in range(cold_reps):
        t0 = time.perf_counter()
        with Pool(2) as pool:
            t1 = time.perf_counter()
            got = pool.map(word_lengths, text)
            t2 = time.perf_counter()
            assert got[3] == word_lengths(text[3]) and len(got) == len(text)
        start.append((t1 - t0) * 1e3)
        cold.append((t2 - t1) * 1e3)
    report("start processes(2)", start)
    report("cold map word lengths 16k lines", cold)
    with Pool(2) as pool:
        report("warm map 10k trivial, default chunks", warm(pool, items, 0, reps))
        report("warm map 10k trivial, chunk 1", warm(pool, items, 1, max(3, reps // 3)))


if __name__ == "__main__":
    main()
