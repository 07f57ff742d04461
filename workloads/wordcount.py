# wordcount: generate a deterministic text in chunks, split it into words, normalise
# them and count them in a dict; the per-thread dicts are merged at the end.
#
# Stresses:   str and dict work: building strings (join, concatenation, upper),
#             split, strip, lower, hashing and comparing short strings, dict get/set;
#             lots of short-lived strings (allocation).
# Scaling:    strong. `chunks` chunks of `words` words; chunk c is generated from its
#             own random.Random(seed + c) and counted by thread c % nthreads.
# Sharing:    none while counting: the vocabulary is built before the threads start
#             and only read (read sharing); each thread counts into its own dict.
# Sync:       join only; the main thread merges the dicts in thread order (counts are
#             sums, so the merged dict does not depend on the split).
# Result:     (total words, distinct words, then the 10 most frequent as
#             "word=count", ties broken alphabetically), one flat tuple.
#
# CPython 3.11, this machine, 1 thread: tiny 2 ms, small 0.17 s, medium 0.81 s, large 10 s.

import random
import threading

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "ze", "po", "qua", "ber",
             "dor", "fin", "gal", "hem", "jut", "wex", "yin", "sha"]
PUNCTUATION = [",", ".", ";", "!", "?"]

SIZES = {
    "tiny": {"vocabulary": 300, "chunks": 4, "words": 500, "seed": 1},
    "small": {"vocabulary": 2000, "chunks": 64, "words": 5000, "seed": 2},
    "medium": {"vocabulary": 5000, "chunks": 128, "words": 12000, "seed": 3},
    "large": {"vocabulary": 20000, "chunks": 512, "words": 33000, "seed": 4},
}


def make_vocabulary(size, seed):
    rng = random.Random(seed)
    seen = {}
    words = []
    while len(words) < size:
        w = "".join([rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))])
        if w not in seen:
            seen[w] = True
            words.append(w)
    return words


def make_chunk(vocabulary, seed, nwords):
    """One chunk of text: lines of words, some capitalised, some punctuated.
    Word ranks follow a skewed distribution, so a few words are very common."""
    rng = random.Random(seed)
    n = len(vocabulary)
    lines = []
    line = []
    for _ in range(nwords):
        w = vocabulary[int(n * rng.random() ** 3)]
        r = rng.random()
        if r < 0.1:
            w = w[0].upper() + w[1:]
        elif r < 0.15:
            w = w.upper()
        if rng.random() < 0.12:
            w = w + rng.choice(PUNCTUATION)
        line.append(w)
        if len(line) == 12:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\n".join(lines)


def count_words(text, counts):
    for token in text.split():
        word = token.strip(",.;!?").lower()
        if word:
            counts[word] = counts.get(word, 0) + 1


def worker(tid, nthreads, vocabulary, params, out):
    counts = {}
    for c in range(tid, params["chunks"], nthreads):
        text = make_chunk(vocabulary, params["seed"] * 100000 + c, params["words"])
        count_words(text, counts)
    out[tid] = counts


def run(nthreads, params):
    vocabulary = make_vocabulary(params["vocabulary"], params["seed"])
    out = [None] * nthreads
    threads = [threading.Thread(target=worker, args=(tid, nthreads, vocabulary, params, out))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    merged = {}
    for counts in out:
        for word, n in counts.items():
            merged[word] = merged.get(word, 0) + n
    total = sum(merged.values())
    ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
    top = tuple(word + "=" + str(n) for word, n in ranked[:10])
    return (total, len(merged)) + top


# EXPECTED holds what CPython 3.11 computes (python3 scripts/refcheck.py --regen --write).
EXPECTED = {
    'tiny': (2000, 290, 'yinmi=288', 'nehemgal=72', 'dortanehem=69', 'dor=46', 'shakagalze=43', 'yinne=31', 'finka=30', 'kakaka=29', 'galhem=25', 'fin=24'),
    'small': (320000, 2000, 'mi=25342', 'ber=6718', 'poze=4539', 'shalo=3727', 'findor=3072', 'wexgaljut=2593', 'lokaber=2453', 'quadorfinjut=2210', 'wexso=2113', 'vika=1832'),
    'medium': (1536000, 5000, 'yinwex=89752', 'bersha=23356', 'yinmishaka=16423', 'zewexvita=13200', 'wexwexhemdor=10869', 'viru=9432', 'kamisoyin=8713', 'po=7775', 'ze=7112', 'shadorfindor=6725'),
    'large': (16896000, 20000, 'pone=622312', 'hemrumimi=162077', 'dor=113160', 'lovijut=90182', 'zesone=76706', 'takaze=66775', 'tasopo=59557', 'bermisha=54371', 'dorjutvi=49862', 'vihem=46223'),
}
