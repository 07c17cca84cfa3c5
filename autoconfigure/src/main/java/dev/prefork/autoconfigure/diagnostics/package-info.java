/**
 * Failure analyzers for what stops a prefork master from starting: each says what happened and
 * what to do, through Spring Boot's failure analysis.
 */
package dev.prefork.autoconfigure.diagnostics;
