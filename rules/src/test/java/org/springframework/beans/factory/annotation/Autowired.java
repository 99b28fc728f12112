package org.springframework.beans.factory.annotation;

/** Test stand-in for Spring's annotation (the rules' tests do not depend on Spring). */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
public @interface Autowired {
}
