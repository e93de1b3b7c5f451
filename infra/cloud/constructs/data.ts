import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2, type TablePropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { mainTable, usageTable, type KeyDef, type TableDef } from '../../../shared/data/tables.ts';

/** The data resources functions are granted. */
export interface DataResources {
  tables: { main: TableV2; usage: TableV2 };
  evidence: Bucket;
  /** Seals webhook signing secrets (encryption context `subscription`); functions get Encrypt or Decrypt by `signingSecrets`. */
  webhookKey: Key;
}

const key = (name: string) => ({ name, type: AttributeType.STRING });

function tableProps(def: TableDef, prod: boolean): TablePropsV2 {
  const keyOf = (k: KeyDef) => ({ partitionKey: key(k.partition), ...(k.sort ? { sortKey: key(k.sort) } : {}) });
  return {
    ...keyOf(def.key),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: prod,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    timeToLiveAttribute: def.ttlAttribute,
    dynamoStream: def.stream ? StreamViewType[def.stream] : undefined,
    globalSecondaryIndexes: Object.entries(def.indexes).map(([indexName, k]) => ({ indexName, ...keyOf(k) })),
  };
}

/** Tables from the shared definitions (the same the local host creates), the evidence bucket and the webhook secrets' key. */
export class Data extends Construct implements DataResources {
  readonly tables: DataResources['tables'];
  readonly evidence: Bucket;
  readonly webhookKey: Key;

  constructor(scope: Construct, id: string, props: { stage: string; corsOrigins: string[] }) {
    super(scope, id);
    const prod = props.stage === 'prod';
    this.tables = {
      main: new TableV2(this, 'main', tableProps(mainTable, prod)),
      usage: new TableV2(this, 'usage', tableProps(usageTable, prod)),
    };
    // A key of its own: only what seals and opens signing secrets may use it, and a secret opens only for its subscription.
    this.webhookKey = new Key(this, 'webhook-key', {
      description: 'Shifan: seals webhook signing secrets (encryption context: subscription)',
      enableKeyRotation: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const accessLogs = new Bucket(this, 'access-logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !prod,
      lifecycleRules: [{ expiration: Duration.days(prod ? 400 : 30) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: "This bucket receives the evidence bucket's server access logs; logging it again would loop.",
    });
    this.evidence = new Bucket(this, 'evidence', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'evidence/',
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !prod,
      // Browsers PUT evidence straight to the bucket with presigned URLs (and GET it back): the API's origins only.
      // The PUT carries the file's SHA-256 as a signed header, which S3 checks the body against.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedOrigins: props.corsOrigins,
          allowedHeaders: ['content-type', 'content-length', 'x-amz-checksum-sha256'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
  }
}
