def log = new File(basedir, 'build.log').text
assert log.contains('PASSED')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/archgov/archgov-report.json'))
assert report.summary.passed
assert report.target.classes == 2
return true
