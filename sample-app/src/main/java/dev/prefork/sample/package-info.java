/**
 * The sample application: a small real web app that the docs and the integration tests start.
 */
package dev.prefork.sample;
