package dev.calloutcomes.jdbc.internal;

import liquibase.change.custom.CustomSqlChange;
import liquibase.change.custom.CustomSqlRollback;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/** A Liquibase custom change with statements and their rollback, which needs no set-up, files or validation. */
abstract class SqlChange implements CustomSqlChange, CustomSqlRollback {
    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
