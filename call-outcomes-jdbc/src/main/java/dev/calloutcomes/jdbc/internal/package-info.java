/**
 * Not API: implementation details of {@code call-outcomes-jdbc} that must be public for a framework
 * to load them (Liquibase instantiates custom changes by class name). They may change or vanish in
 * any release; do not use them.
 */
package dev.calloutcomes.jdbc.internal;
