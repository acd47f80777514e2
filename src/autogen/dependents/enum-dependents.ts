import type { EnumColumnUse } from '../../ops/families/enums.js';
import type {
  ConstraintModel,
  FunctionModel,
  IndexModel,
  PolicyModel,
  RuleModel,
  SchemaModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { dependencyKey, routineKey } from '../../schema/object-keys.js';
import { referencedColumns } from '../../schema/dsl/sql-scan.js';
import { withPartitionColumns } from '../graph/partition-columns.js';
import { blockedClosure, changed } from '../graph/closure.js';
import { dependentsOf } from '../../schema/model-index.js';
import { columnIds, idKind, objectId, partId, type ObjectId } from '../../schema/object-id.js';
import { mentionsType, typeUsesEnum } from '../diff/enums/enum-text.js';
import { dependents, reachable } from '../graph/reach.js';

/**
 * What uses an enum that is replaced (renamed, created again, its columns
 * converted, the old type dropped). Postgres refuses to convert a column
 * that a view, a policy, a trigger or a rule uses, and checks, index expressions and
 * predicates that spell `'value'::schema.enum` would be rebuilt against the
 * renamed old type. So these are dropped before the replacement and created
 * again after it. Everything here reads the current side, where the
 * replacement starts; being conservative is safe, since what is created
 * again comes from the target.
 */

/** One replaced enum and the columns the replacement converts. */
export interface ReplacedEnum {
  schema: string;
  name: string;
  columns: readonly EnumColumnUse[];
}

/**
 * The columns each table has converted, by `qualifiedKey`: a partition gets
 * its parent's, since converting a parent's column converts its partitions'.
 */
function convertedColumns(replaced: ReplacedEnum, tables: readonly TableModel[]): Map<string, Set<string>> {
  const converted = new Map<string, Set<string>>();
  for (const use of replaced.columns) {
    const key = qualifiedKey(use.schema, use.table);
    converted.set(key, new Set([...(converted.get(key) ?? []), use.column]));
  }
  return withPartitionColumns(converted, tables);
}

/** Tests for what uses one replaced enum. */
export class EnumUses {
  readonly converted: Map<string, Set<string>>;
  /** The policies, triggers and rules in the way of the columns' conversion (a type change), as the catalog records them. */
  private inTheWay: ReadonlySet<ObjectId> | undefined;
  /** What reads a converted column, as the catalog records it. */
  private columnReaders: ReadonlySet<ObjectId> | undefined;

  /** `current` is the side the replacement starts from: what uses the columns is its catalog's. */
  constructor(
    readonly replaced: ReplacedEnum,
    private readonly current: SchemaModel,
  ) {
    this.converted = convertedColumns(replaced, current.tables);
  }

  /** Worked out when first asked: the causes of a view comparison never ask. */
  private blocked(id: ObjectId): boolean {
    this.inTheWay ??= blockedClosure(
      dependentsOf(this.current),
      changed(columnIds(this.converted), 'retype'),
      (user) => idKind(user) === 'policy' || idKind(user) === 'trigger' || idKind(user) === 'rule',
    );
    return this.inTheWay.has(id);
  }

  /** Whether an expression of a table names the enum or one of the table's converted columns. */
  inExpression(text: string | null, schema: string, table: string): boolean {
    if (text === null) return false;
    if (mentionsType(text, this.replaced)) return true;
    const converted = this.converted.get(qualifiedKey(schema, table));
    return converted !== undefined && referencedColumns(text, [...converted]).length > 0;
  }

  /**
   * Checks and exclusions that spell the enum or a converted column, and
   * foreign keys from or to a converted column (both ends must have one type).
   * Primary keys and uniques are rebuilt by Postgres as they are.
   */
  constraint(c: ConstraintModel, schema: string, table: string): boolean {
    switch (c.type) {
      case 'check':
        return this.inExpression(c.expression, schema, table);
      case 'exclusion':
        return this.inExpression(c.definition, schema, table);
      case 'foreignKey': {
        const own = this.converted.get(qualifiedKey(schema, table));
        const referenced = this.converted.get(qualifiedKey(c.refSchema, c.refTable));
        return (
          c.columns.some((name) => own?.has(name) === true) ||
          c.refColumns.some((name) => referenced?.has(name) === true)
        );
      }
      default:
        return false;
    }
  }

  /** Indexes whose expressions or predicate spell the enum or a converted column; plain keys are rebuilt as they are. */
  index(index: IndexModel, schema: string, table: string): boolean {
    const keys = index.columns.some((key) => 'expression' in key && this.inExpression(key.expression, schema, table));
    return keys || this.inExpression(index.where, schema, table);
  }

  /** Policies using a converted column (of their table or another), or naming the enum. */
  policy(policy: PolicyModel, schema: string, table: string): boolean {
    if (this.blocked(partId('policy', { schema, name: table }, policy.name))) return true;
    return [policy.using, policy.withCheck].some((text) => text !== null && mentionsType(text, this.replaced));
  }

  /** Triggers using a converted column (in `UPDATE OF` or `WHEN`), or naming the enum. */
  trigger(trigger: TriggerModel): boolean {
    if (this.blocked(partId('trigger', { schema: trigger.schema, name: trigger.table }, trigger.name))) return true;
    return mentionsType(trigger.definition, this.replaced);
  }

  /** Rules using a converted column (in their condition or actions), or naming the enum. */
  rule(rule: RuleModel): boolean {
    if (this.blocked(partId('rule', { schema: rule.schema, name: rule.table }, rule.name))) return true;
    return mentionsType(rule.definition, this.replaced);
  }

  /**
   * Views that read a converted column (as the catalog records it; where the side has not read what
   * uses what, a model built from code, any that read its table), or name the enum in their query or columns.
   */
  view(view: ViewModel): boolean {
    if (view.columns.some((column) => typeUsesEnum(column.type, this.replaced))) return true;
    if (mentionsType(view.definition, this.replaced)) return true;
    if (!view.dependsOn.some((ref) => ref.argumentTypes === undefined && this.converted.has(dependencyKey(ref))))
      return false;
    if (this.current.dependencies === undefined) return true;
    this.columnReaders ??= new Set(
      [...columnIds(this.converted)].flatMap((column) => dependentsOf(this.current).usersOf(column)),
    );
    return this.columnReaders.has(objectId('view', view.schema, view.name));
  }

  /**
   * Routines taking or returning the enum (the old type cannot be dropped
   * under them), or whose SQL-standard body reads a table with a converted column.
   */
  routine(routine: FunctionModel): boolean {
    if ([routine.arguments, routine.result].some((text) => mentionsType(text, this.replaced))) return true;
    return routine.dependsOn.some((ref) => ref.argumentTypes === undefined && this.converted.has(dependencyKey(ref)));
  }
}

/**
 * Keys (as the view comparison keys them: `qualifiedKey(schema, name)` for a view, the
 * routine key for a routine) of the views and routines that use the enum
 * directly, sorted.
 */
export function directObjectUses(uses: EnumUses, model: SchemaModel): string[] {
  const views = model.views.filter((view) => uses.view(view)).map((view) => qualifiedKey(view.schema, view.name));
  const routines = model.functions
    .filter((r) => uses.routine(r))
    .map((r) => routineKey(r.schema, r.name, r.argumentTypes));
  return [...views, ...routines].sort();
}

/** The keys of the views and routines that use the enum, directly or through one another, sorted. */
export function objectUses(uses: EnumUses, model: SchemaModel): string[] {
  const direct = directObjectUses(uses, model);
  const nodes = [
    ...model.views.map((v) => ({
      key: qualifiedKey(v.schema, v.name),
      dependsOn: v.dependsOn.map(dependencyKey),
    })),
    ...model.functions.map((r) => ({
      key: routineKey(r.schema, r.name, r.argumentTypes),
      dependsOn: r.dependsOn.map(dependencyKey),
    })),
  ];
  return [...new Set([...direct, ...reachable(direct, dependents(nodes))])].sort();
}
