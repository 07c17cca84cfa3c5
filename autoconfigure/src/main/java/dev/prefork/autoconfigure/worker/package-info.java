/**
 * The worker role: connects to the master, lets Tomcat accept on the inherited socket, and tells
 * the master when the application is ready or why it failed to start.
 */
package dev.prefork.autoconfigure.worker;
