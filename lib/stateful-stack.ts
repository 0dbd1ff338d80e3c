/**
 * What must outlive any deployment: the DynamoDB tables. Kept apart from the functions and the API
 * so a stateless deploy, rollback or teardown can never replace or delete data.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tables, type KeyAttribute, type TableName, type TableSpec } from '#shared/manifest.ts';
import { pascal } from './naming.ts';

/** The tables of the manifest, by manifest name; what the stateless stack receives as props. */
export type PalauteTables = Record<TableName, Table>;

/** Creates every table declared in shared/manifest.ts and outputs its generated name. */
export class StatefulStack extends Stack {
  /** The manifest's tables, by manifest name. */
  readonly tables: PalauteTables;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const entries = Object.entries(tables) as [TableName, TableSpec][];
    this.tables = Object.fromEntries(entries.map(([name, spec]) => [name, manifestTable(this, name, spec)])) as PalauteTables;
    for (const [name, table] of Object.entries(this.tables)) {
      new CfnOutput(this, `${pascal(name)}TableName`, { value: table.tableName, description: `Name of the ${name} table` });
    }
  }
}

/**
 * One manifest table. The classic Table (AWS::DynamoDB::Table) rather than TableV2: cdk-nag's
 * DynamoDB rules inspect only the former, and this app has no replicas to gain from GlobalTable.
 */
function manifestTable(scope: Construct, name: TableName, spec: TableSpec): Table {
  const table = new Table(scope, `${pascal(name)}Table`, {
    partitionKey: attribute(spec.partitionKey),
    ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
    ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
    // Feedback arrives in bursts (a campaign, a morning at a clinic); on-demand needs no capacity planning.
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    // The AWS-managed key (aws/dynamodb): encrypted at rest, use logged in CloudTrail, and no key
    // policy to keep in step with every function's role.
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of spec.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: attribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
    });
  }
  return table;
}

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPE[key.type] };
}

const ATTRIBUTE_TYPE: Record<KeyAttribute['type'], AttributeType> = { S: AttributeType.STRING };
