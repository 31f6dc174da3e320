/**
 * The storage SPI: {@link dev.calloutcomes.store.OutcomeStore} and its unit of work
 * {@link dev.calloutcomes.store.StoreTransaction}, the stored events, and the in-memory store. Hosts use a
 * store (this one or {@code call-outcomes-jdbc}'s); they implement one only for another database, and then
 * prove it with {@code call-outcomes-testing}'s contract suite.
 */
package dev.calloutcomes.store;
