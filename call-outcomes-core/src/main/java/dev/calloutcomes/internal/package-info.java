/**
 * Not API: helpers shared by the packages and modules of call-outcomes. They are public only so
 * that those packages can reach them; they may change or vanish in any release. Do not use them.
 */
package dev.calloutcomes.internal;
