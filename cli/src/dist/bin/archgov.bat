@echo off
rem archgov: architecture contracts for Java, checked in CI.
rem   JAVA_HOME          the Java 17+ to run with (else java on the PATH)
rem   ARCHGOV_JAVA_OPTS  JVM options, replacing the defaults
setlocal
set "ARCHGOV_HOME=%~dp0.."
set "JAVA_CMD=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_CMD=%JAVA_HOME%\bin\java.exe"
if not defined ARCHGOV_JAVA_OPTS set "ARCHGOV_JAVA_OPTS=-Xmx1536m -XX:+UseParallelGC"
"%JAVA_CMD%" %ARCHGOV_JAVA_OPTS% -jar "%ARCHGOV_HOME%\lib\archgov.jar" %*
exit /b %ERRORLEVEL%
