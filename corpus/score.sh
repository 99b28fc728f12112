#!/usr/bin/env bash
# Precision and recall of the domain packs on the real-code corpus: compares each application's report
# (corpus/out/<app>/archgov-report.json, written by corpus/run.sh) with its verdicts (corpus/verdicts/<app>.tsv).
#
#   corpus/score.sh [--markdown] [--list]
#
# --list also prints every wrong finding (FP) and every missed violation (FN), one per line, to work through.
#
# A verdict row is:  rule  path  line  verdict  fingerprint  reason   (tab-separated; path relative to the app's root)
#   TP  a finding that is a real violation          FP  a finding that is not
#   FN  a real violation a reviewer found by reading the code that archgov did not report (fingerprint: -)
# A finding is matched to a verdict by fingerprint, else by rule, path and line (an FN row also within two lines of
# it). A TP whose finding is gone counts
# as missed (FN); an FN that is now reported counts as found (TP); a finding with no verdict is "untriaged".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 - "$here" "$@" <<'PY'
import csv, json, os, sys
from collections import defaultdict
here = sys.argv[1]; markdown = '--markdown' in sys.argv[2:]; listing = '--list' in sys.argv[2:]
misses = []
out = os.environ.get('CORPUS_OUT', os.path.join(here, 'out'))
PACKS = {'LOCK': 'lock', 'POOL': 'pool', 'CACHE': 'cache', 'SAGA': 'saga'}
apps = [r for r in csv.DictReader(open(os.path.join(here, 'apps.tsv')), delimiter='\t')]
tp = defaultdict(int); fp = defaultdict(int); fn = defaultdict(int); untriaged = defaultdict(int)
per_app = []
for app in apps:
    name = app['app']
    vfile = os.path.join(here, 'verdicts', name + '.tsv')
    rfile = os.path.join(out, name, 'archgov-report.json')
    if not os.path.exists(vfile):
        continue
    verdicts = [v for v in csv.DictReader(open(vfile), delimiter='\t') if v['rule'] and not v['rule'].startswith('#')]
    root = None
    findings = []
    if os.path.exists(rfile):
        report = json.load(open(rfile))
        findings = [f for f in report['findings'] + [s['finding'] for s in report.get('suppressed', [])]
                    if f['ruleId'].split('-')[0] in PACKS]
    def rel(path):
        marker = '/' + app['repository'].replace('/', '+') + '/'
        return path.split(marker, 1)[1] if marker in path else path
    by_fp = {v['fingerprint']: v for v in verdicts if v['fingerprint'] not in ('', '-')}
    by_loc = {(v['rule'], v['path'], v['line']): v for v in verdicts}
    matched = set()
    counts = defaultdict(int)
    for f in findings:
        v = by_fp.get(f['fingerprint']) or by_loc.get((f['ruleId'], rel(f['path']), str(f['line'])))
        if v is None:  # a reviewer's FN may name a neighbouring line of the same statement
            v = next((w for w in verdicts if id(w) not in matched and w['verdict'] == 'FN' and w['rule'] == f['ruleId']
                      and w['path'] == rel(f['path']) and abs(int(w['line']) - f['line']) <= 2), None)
        rule = f['ruleId']
        if v is None:
            untriaged[rule] += 1; counts['untriaged'] += 1
            continue
        matched.add(id(v))
        if v['verdict'] in ('TP', 'FN'):
            tp[rule] += 1; counts['TP'] += 1
        else:
            fp[rule] += 1; counts['FP'] += 1
            misses.append(('FP', name, rule, rel(f['path']), f['line'], v['reason']))
    for v in verdicts:
        if id(v) not in matched and v['verdict'] in ('TP', 'FN'):
            fn[v['rule']] += 1; counts['FN'] += 1
            misses.append(('FN', name, v['rule'], v['path'], v['line'], v['reason']))
    if not os.path.exists(rfile):
        counts['no report'] = 1
    per_app.append((name, counts))

def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"
def row(label, t, p, n, u):
    return (label, t, p, n, u, ratio(t, t + p), ratio(t, t + n))
rows = []
for pack_prefix, pack in PACKS.items():
    rules = sorted({r for d in (tp, fp, fn, untriaged) for r in d if r.startswith(pack_prefix + '-')})
    t = sum(tp[r] for r in rules); p = sum(fp[r] for r in rules); n = sum(fn[r] for r in rules); u = sum(untriaged[r] for r in rules)
    rows.append(row(pack, t, p, n, u))
    for r in rules:
        rows.append(row('  ' + r, tp[r], fp[r], fn[r], untriaged[r]))
head = ('pack / rule', 'TP', 'FP', 'FN', 'untriaged', 'precision', 'recall')
if markdown:
    print('| ' + ' | '.join(head) + ' |'); print('|' + '---|' * len(head))
    for r in rows:
        print('| ' + ' | '.join(str(x).strip() if i == 0 and str(x).startswith('  ') else str(x) for i, x in enumerate(r)) + ' |')
else:
    print('%-14s %5s %5s %5s %10s %10s %7s' % head)
    for r in rows:
        print('%-14s %5s %5s %5s %10s %10s %7s' % r)
    print()
    print('apps: ' + ', '.join(f"{n} ({', '.join(f'{k} {v}' for k, v in sorted(c.items())) or 'nothing'})" for n, c in per_app))
if listing:
    print()
    for kind, app, rule, path, line, reason in sorted(misses, key=lambda m: (m[2], m[0], m[1], m[3], int(m[4]))):
        print(f"{kind} {rule} {app} {path}:{line}  {reason}")
PY
