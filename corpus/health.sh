#!/usr/bin/env bash
# The health score on real code: for each application's report (corpus/out/<app>/archgov-report.json, written by
# corpus/run.sh) its findings by severity, the score v1 would have given (recomputed from the report's rules with
# the v1 formula: severity-weighted class compliance, mean of categories), the v2 score and band the report carries,
# and what cost most. Then the calibration checks of score v2: no code base with a critical (or blocker) finding of
# the lock, cache or saga pack is in band A, and every code base without findings is.
#
#   corpus/health.sh [--markdown] [NAME=REPORT.json ...]     extra reports, e.g. shop=/tmp/shop/archgov-report.json
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 - "$here" "$@" <<'PY'
import glob, json, os, sys
here = sys.argv[1]; args = sys.argv[2:]
markdown = '--markdown' in args
out = os.environ.get('CORPUS_OUT', os.path.join(here, 'out'))
reports = [(os.path.basename(os.path.dirname(f)), f) for f in sorted(glob.glob(os.path.join(out, '*', 'archgov-report.json')))]
reports += [tuple(a.split('=', 1)) for a in args if '=' in a]
V1 = {'blocker': 10, 'critical': 5, 'major': 3, 'minor': 1, 'info': 0.5}
SEV = ['blocker', 'critical', 'major', 'minor', 'info']
ABBR = {'blocker': 'blocker', 'critical': 'crit', 'major': 'major', 'minor': 'minor', 'info': 'info'}
rows = []; problems = []
for name, f in reports:
    r = json.load(open(f))
    cats = {}
    for rule in r['rules']:
        c = cats.setdefault(rule['category'], [0.0, 0.0])
        c[0] += V1[rule['severity']] * rule['compliance']; c[1] += V1[rule['severity']]
    scores = [100 * a / b if b else 100.0 for a, b in cats.values()]
    v1 = sum(scores) / len(scores) if scores else 100.0
    found = r['findings'] + r.get('baselined', [])
    by = {s: sum(1 for x in found if x['severity'] == s) for s in SEV}
    s = r['score']
    if r.get('scoreVersion', 1) != 2:
        sys.exit(f'{f}: written with score v{r.get("scoreVersion", 1)}; run corpus/run.sh with this archgov first')
    v2 = '-' if s['overall'] is None else '%.1f' % s['overall']
    top = sorted((x for x in r['rules'] if x.get('pointsLost', 0) > 0), key=lambda x: -x['pointsLost'])[:3]
    cost = ', '.join('%s %s×%d -%.1f' % (x['id'], ABBR[x['severity']], x['findings'], x['pointsLost']) for x in top)
    rows.append([name, str(r['target']['classes'])] + [str(by[k]) for k in SEV] + ['%.1f' % v1, v2, s['band'], cost])
    grave = [x for x in found if x['severity'] in ('blocker', 'critical') and x['ruleId'].split('-')[0] in ('LOCK', 'CACHE', 'SAGA')]
    if grave and s['band'] == 'A':
        problems.append(f'{name}: band A with {len(grave)} critical or blocker lock/cache/saga findings')
    if not found and s['band'] not in ('A', 'n/a'):
        problems.append(f'{name}: no findings but band {s["band"]}')
head = ['app', 'classes'] + SEV + ['v1', 'v2', 'band', 'most points lost']
if markdown:
    print('| ' + ' | '.join(head) + ' |'); print('|' + '---|' * 2 + '---:|' * 7 + '---|---|')
    for row in rows:
        print('| ' + ' | '.join(row) + ' |')
else:
    widths = [max(len(x[i]) for x in rows + [head]) for i in range(len(head) - 1)]
    for row in [head] + rows:
        print('  '.join(v.ljust(w) for v, w in zip(row, widths)) + '  ' + row[-1])
print()
print('calibration: ' + ('OK (no critical lock/cache/saga finding in band A; every clean code base in A)' if not problems
                         else 'FAILED\n  ' + '\n  '.join(problems)))
sys.exit(1 if problems else 0)
PY
