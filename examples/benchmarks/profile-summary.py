#!/usr/bin/env python3
"""Summarizes an async-profiler 'collapsed' CPU profile of the demo server by component.

  python3 examples/benchmarks/profile-summary.py /tmp/server.collapsed

Each sample is charged to the deepest frame that belongs to a known component; kernel frames under
pgjdbc or Jetty (socket reads and writes) are shown apart. See BENCHMARKS.md for how to record one.
"""
import collections
import sys

RULES = [('JIT compiler', ['C2Compiler', 'Compile::', 'C1 Compiler', 'CompileBroker']),
         ('GC', ['G1', 'GC Thread', 'gc_']), ('logging', ['logback', 'slf4j']), ('pgjdbc', ['org.postgresql']),
         ('jdbi', ['org.jdbi']), ('hikari', ['com.zaxxer']), ('jackson', ['com.fasterxml']),
         ('call-outcomes', ['dev.calloutcomes']), ('jetty', ['org.eclipse.jetty'])]


def main(path):
    totals, total = collections.Counter(), 0
    with open(path) as f:
        for line in f:
            stack, n = line.rsplit(' ', 1)
            n = int(n)
            total += n
            frames = stack.replace('/', '.').split(';')
            component = 'other'
            for frame in reversed(frames):
                hit = next((name for name, keys in RULES if any(k in frame for k in keys)), None)
                if hit:
                    component = hit
                    break
            if frames[-1].endswith('_[k]') and component in ('pgjdbc', 'jetty', 'other'):
                component += ' (kernel: socket I/O)'
            totals[component] += n
    print('samples', total)
    for component, n in totals.most_common():
        print('%5.1f%%  %s' % (100.0 * n / total, component))


if __name__ == '__main__':
    main(sys.argv[1])
