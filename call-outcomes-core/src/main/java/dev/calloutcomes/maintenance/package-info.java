/** Operator tasks: {@link dev.calloutcomes.maintenance.CallMaintenance}, made by {@link dev.calloutcomes.CallOutcomes#maintenance()}. */
package dev.calloutcomes.maintenance;
