// The build failed on the finding, printed with its file and line; the reports are at the top of the reactor.
def log = new File(basedir, 'build.log').text
assert log.contains('WEB-NO-REPO')
assert log.contains('com/acme/web/OrderController.java:9')
assert log.contains('the reactor is analysed as one after its last module, web')
assert log.contains('archgov: the check failed')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/archgov/archgov-report.json'))
assert report.target.classes == 2
assert !report.summary.passed
// module by module: the pom module is passed over; core alone has no web class, so the rule would check nothing there
assert log.contains('archgov: nothing to analyse in a pom module')
assert new File(basedir, 'core/target/archgov/archgov-report.txt').text.contains('matches no analysed class')
// skipped
assert log.contains('archgov: skipped (archgov.skip)')
return true
