def log = new File(basedir, 'build.log').text
assert log =~ /archgov\.yaml:4:\d+: error: rule TYPO: unknown rule kind 'forbiden-dependency'/
assert log.contains('the contract or the options are wrong')
return true
