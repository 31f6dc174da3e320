/**
 * The {@link dev.calloutcomes.store.OutcomeStore} on a relational database (H2, PostgreSQL, MariaDB/MySQL):
 * {@link dev.calloutcomes.jdbc.JdbcOutcomeStore}, its schema migrations ({@link dev.calloutcomes.jdbc.Migrations},
 * also as a command line, {@link dev.calloutcomes.jdbc.MigrationCommand}). Each table's statements live in
 * one class of this package.
 */
package dev.calloutcomes.jdbc;
