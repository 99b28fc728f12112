def baseline = new File(basedir, 'archgov-baseline.json')
assert baseline.isFile()
assert baseline.text.contains('WEB-NO-REPO')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/archgov/archgov-report.json'))
assert report.summary.passed
assert report.findings.isEmpty()
assert report.baselined.size() == 2
return true
