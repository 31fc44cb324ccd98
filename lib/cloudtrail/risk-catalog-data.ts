import type { RiskClass } from "@/lib/model/risk";

/**
 * Explicit risk classes of common AWS APIs, grouped by CloudTrail service prefix (the part of
 * `eventSource` before `.amazonaws.com`). Names are space-separated CloudTrail eventNames.
 * Entries here win over the prefix rules in risk-catalog.ts, so list an API here when its
 * name alone would be misclassified (e.g. GetSessionToken mints credentials → privilege,
 * ModifySnapshotAttribute shares data → privilege, StopLogging blinds the trail → destructive).
 */
export const RISK_TABLE: Readonly<Record<string, Partial<Record<RiskClass, string>>>> = {
  ec2: {
    read: "DescribeInstances DescribeInstanceAttribute DescribeInstanceStatus DescribeVolumes DescribeSnapshots DescribeImages DescribeSecurityGroups DescribeVpcs DescribeSubnets DescribeRouteTables DescribeNetworkAcls DescribeKeyPairs DescribeRegions DescribeAvailabilityZones DescribeNetworkInterfaces DescribeAddresses DescribeFlowLogs GetPasswordData GetConsoleOutput GetConsoleScreenshot GetEbsEncryptionByDefault",
    write:
      "RunInstances StartInstances RebootInstances CreateVolume AttachVolume CreateSnapshot CopySnapshot CreateImage CopyImage CreateVpc CreateSubnet CreateSecurityGroup AuthorizeSecurityGroupIngress AuthorizeSecurityGroupEgress CreateKeyPair ImportKeyPair CreateTags ModifyInstanceAttribute CreateRoute CreateNetworkAclEntry AttachInternetGateway CreateInternetGateway AllocateAddress AssociateAddress CreateFlowLogs CreateLaunchTemplate CreateTrafficMirrorSession CreateTrafficMirrorTarget CreateTrafficMirrorFilter CreateTrafficMirrorFilterRule ModifyTrafficMirrorSession EnableSerialConsoleAccess",
    destructive:
      "TerminateInstances StopInstances DeleteVolume DetachVolume DeleteSnapshot DeregisterImage DeleteVpc DeleteSubnet DeleteSecurityGroup RevokeSecurityGroupIngress RevokeSecurityGroupEgress DeleteKeyPair DeleteFlowLogs DeleteRoute DeleteNetworkAclEntry DeleteInternetGateway DetachInternetGateway ReleaseAddress DisableEbsEncryptionByDefault DeleteTrafficMirrorTarget DeleteLaunchTemplate",
    privilege: "ModifySnapshotAttribute ModifyImageAttribute AssociateIamInstanceProfile ReplaceIamInstanceProfileAssociation",
  },
  "ec2-instance-connect": { privilege: "SendSSHPublicKey SendSerialConsoleSSHPublicKey" },
  s3: {
    read: "ListBuckets ListAllMyBuckets ListBucket ListObjects ListObjectsV2 ListObjectVersions GetObject HeadObject HeadBucket GetBucketPolicy GetBucketAcl GetBucketLocation GetBucketVersioning GetBucketLifecycle GetBucketEncryption GetBucketLogging GetObjectAcl ListDirectoryBuckets",
    write:
      "CreateBucket PutObject CopyObject CreateMultipartUpload UploadPart CompleteMultipartUpload PutBucketTagging PutBucketLogging PutBucketEncryption PutBucketReplication PutBucketPublicAccessBlock PutBucketVersioning RestoreObject",
    destructive:
      "DeleteBucket DeleteObject DeleteObjects DeleteBucketPolicy DeleteBucketEncryption DeleteBucketReplication DeleteBucketPublicAccessBlock DeleteBucketLifecycle PutBucketLifecycle PutBucketLifecycleConfiguration AbortMultipartUpload",
    privilege: "PutBucketPolicy PutBucketAcl PutObjectAcl PutAccessPointPolicy",
  },
  iam: {
    read: "GetUser GetRole GetPolicy GetPolicyVersion GetGroup GetGroupPolicy GetRolePolicy GetUserPolicy GetAccountAuthorizationDetails GetAccountSummary ListUsers ListRoles ListPolicies ListGroups ListGroupsForUser ListAccessKeys ListAttachedRolePolicies ListAttachedUserPolicies ListAttachedGroupPolicies ListMFADevices ListInstanceProfiles GetCredentialReport GenerateCredentialReport SimulatePrincipalPolicy",
    write: "TagRole TagUser UntagRole UntagUser UpdateRoleDescription CreateServiceLinkedRole",
    privilege:
      "CreateUser CreateRole CreateGroup CreatePolicy CreatePolicyVersion SetDefaultPolicyVersion AttachRolePolicy AttachUserPolicy AttachGroupPolicy PutRolePolicy PutUserPolicy PutGroupPolicy UpdateAssumeRolePolicy CreateAccessKey UpdateAccessKey CreateLoginProfile UpdateLoginProfile ChangePassword AddUserToGroup CreateInstanceProfile AddRoleToInstanceProfile PassRole CreateSAMLProvider UpdateSAMLProvider CreateOpenIDConnectProvider CreateVirtualMFADevice EnableMFADevice UploadSSHPublicKey UploadServerCertificate PutRolePermissionsBoundary PutUserPermissionsBoundary",
    destructive:
      "DeleteUser DeleteRole DeleteGroup DeletePolicy DeleteAccessKey DeleteLoginProfile DetachRolePolicy DetachUserPolicy DetachGroupPolicy DeleteRolePolicy DeleteUserPolicy DeleteGroupPolicy RemoveUserFromGroup DeactivateMFADevice DeleteVirtualMFADevice DeleteSAMLProvider DeleteInstanceProfile",
  },
  sts: {
    read: "GetCallerIdentity GetAccessKeyInfo DecodeAuthorizationMessage",
    privilege: "AssumeRole AssumeRoleWithSAML AssumeRoleWithWebIdentity AssumeRoot GetSessionToken GetFederationToken",
  },
  signin: { read: "ConsoleLogin CheckMfa", privilege: "GetSigninToken ExternalIdPDirectoryLogin PasswordUpdated" },
  rds: {
    read: "DescribeDBInstances DescribeDBClusters DescribeDBSnapshots DescribeDBClusterSnapshots DescribeDBLogFiles DescribeDBParameterGroups DescribeDBSubnetGroups DescribeEvents DownloadDBLogFilePortion",
    write:
      "CreateDBInstance CreateDBCluster CreateDBSnapshot CreateDBClusterSnapshot CopyDBSnapshot CopyDBClusterSnapshot ModifyDBInstance ModifyDBCluster StartDBInstance StartDBCluster RebootDBInstance RebootDBCluster CreateDBInstanceReadReplica RestoreDBInstanceFromDBSnapshot RestoreDBClusterFromSnapshot AddRoleToDBInstance AddRoleToDBCluster StartActivityStream StartExportTask AuthorizeDBSecurityGroupIngress",
    destructive:
      "DeleteDBInstance DeleteDBCluster DeleteDBSnapshot DeleteDBClusterSnapshot DeleteDBInstanceAutomatedBackup DeleteDBClusterAutomatedBackup StopDBInstance StopDBCluster FailoverDBCluster FailoverGlobalCluster StopActivityStream RemoveRoleFromDBInstance RevokeDBSecurityGroupIngress",
    privilege: "ModifyDBSnapshotAttribute ModifyDBClusterSnapshotAttribute",
  },
  lambda: {
    read: "GetFunction GetFunctionConfiguration ListFunctions GetPolicy ListLayers ListAliases",
    write:
      "CreateFunction UpdateFunctionCode UpdateFunctionConfiguration PublishVersion PublishLayerVersion CreateAlias UpdateAlias CreateEventSourceMapping Invoke PutFunctionConcurrency",
    destructive: "DeleteFunction DeleteAlias DeleteLayerVersion DeleteEventSourceMapping RemovePermission DeleteFunctionUrlConfig",
    privilege: "AddPermission AddLayerVersionPermission CreateFunctionUrlConfig",
  },
  cloudformation: {
    read: "DescribeStacks DescribeStackEvents DescribeStackResources ListStacks GetTemplate DescribeChangeSet ListStackResources ValidateTemplate",
    write: "CreateStack UpdateStack CreateChangeSet ExecuteChangeSet CreateStackSet UpdateStackSet",
    destructive: "DeleteStack DeleteStackSet DeleteStackInstances DeleteChangeSet CancelUpdateStack",
  },
  ecs: {
    read: "DescribeClusters DescribeServices DescribeTasks DescribeTaskDefinition ListClusters ListServices ListTasks",
    write: "CreateCluster CreateService UpdateService RunTask StartTask RegisterTaskDefinition",
    destructive: "DeleteCluster DeleteService StopTask DeregisterTaskDefinition DeleteTaskDefinitions",
  },
  eks: {
    read: "DescribeCluster ListClusters DescribeNodegroup ListNodegroups",
    write: "CreateCluster CreateNodegroup UpdateClusterConfig UpdateNodegroupConfig UpdateClusterVersion",
    destructive: "DeleteCluster DeleteNodegroup DeleteFargateProfile",
    privilege: "CreateAccessEntry AssociateAccessPolicy",
  },
  dynamodb: {
    read: "DescribeTable ListTables GetItem Query Scan BatchGetItem DescribeContinuousBackups",
    write: "CreateTable UpdateTable PutItem UpdateItem BatchWriteItem CreateBackup RestoreTableFromBackup UpdateContinuousBackups",
    destructive: "DeleteTable DeleteItem DeleteBackup",
  },
  kms: {
    read: "DescribeKey ListKeys ListAliases GetKeyPolicy ListGrants Decrypt Encrypt GenerateDataKey GetKeyRotationStatus",
    write: "CreateKey CreateAlias EnableKey EnableKeyRotation TagResource",
    destructive: "ScheduleKeyDeletion DisableKey DeleteAlias DisableKeyRotation DeleteImportedKeyMaterial RetireGrant RevokeGrant",
    privilege: "PutKeyPolicy CreateGrant",
  },
  organizations: {
    read: "DescribeOrganization ListAccounts DescribeAccount ListPolicies DescribePolicy ListRoots",
    write: "CreateAccount CreateOrganizationalUnit InviteAccountToOrganization EnableAllFeatures MoveAccount",
    destructive: "LeaveOrganization RemoveAccountFromOrganization DeleteOrganization CloseAccount DetachPolicy DeletePolicy",
    privilege: "AttachPolicy CreatePolicy UpdatePolicy",
  },
  cloudtrail: {
    read: "DescribeTrails GetTrailStatus GetEventSelectors LookupEvents ListTrails GetTrail GetInsightSelectors StartQuery",
    write: "CreateTrail StartLogging UpdateTrail CreateEventDataStore",
    destructive: "StopLogging DeleteTrail PutEventSelectors PutInsightSelectors DeleteEventDataStore",
  },
  config: {
    read: "DescribeConfigRules DescribeConfigurationRecorders DescribeDeliveryChannels",
    write: "PutConfigRule PutConfigurationRecorder StartConfigurationRecorder PutDeliveryChannel",
    destructive: "StopConfigurationRecorder DeleteConfigurationRecorder DeleteDeliveryChannel DeleteConfigRule",
  },
  guardduty: {
    read: "ListDetectors GetDetector ListFindings GetFindings",
    write: "CreateDetector CreateFilter ArchiveFindings CreateIPSet UpdateIPSet",
    destructive: "DeleteDetector UpdateDetector DeleteMembers DisassociateFromMasterAccount",
  },
  secretsmanager: {
    read: "GetSecretValue BatchGetSecretValue DescribeSecret ListSecrets ListSecretVersionIds",
    write: "CreateSecret PutSecretValue UpdateSecret RotateSecret TagResource",
    destructive: "DeleteSecret",
    privilege: "PutResourcePolicy",
  },
  ssm: {
    read: "GetParameter GetParameters GetParametersByPath DescribeParameters DescribeInstanceInformation GetCommandInvocation ListCommands ListCommandInvocations DescribeSessions",
    write:
      "PutParameter SendCommand StartSession ResumeSession StartAutomationExecution UpdateInstanceInformation RegisterManagedInstance CreateDocument",
    destructive: "DeleteParameter DeleteParameters TerminateSession DeleteDocument",
    privilege: "ModifyDocumentPermission",
  },
  route53: {
    read: "ListHostedZones GetHostedZone ListResourceRecordSets GetChange",
    write: "CreateHostedZone ChangeResourceRecordSets AssociateVPCWithHostedZone",
    destructive: "DeleteHostedZone DisassociateVPCFromHostedZone",
  },
  route53resolver: { destructive: "DeleteResolverQueryLogConfig DisassociateResolverQueryLogConfig" },
  elasticloadbalancing: {
    read: "DescribeLoadBalancers DescribeTargetGroups DescribeTargetHealth DescribeListeners",
    write: "CreateLoadBalancer CreateTargetGroup CreateListener RegisterTargets ModifyListener ModifyLoadBalancerAttributes",
    destructive: "DeleteLoadBalancer DeleteTargetGroup DeleteListener DeregisterTargets",
  },
  autoscaling: {
    read: "DescribeAutoScalingGroups DescribeLaunchConfigurations DescribeScalingActivities",
    write: "CreateAutoScalingGroup UpdateAutoScalingGroup SetDesiredCapacity CreateLaunchConfiguration CompleteLifecycleAction",
    destructive: "DeleteAutoScalingGroup DeleteLaunchConfiguration TerminateInstanceInAutoScalingGroup SuspendProcesses",
  },
  monitoring: {
    read: "DescribeAlarms GetMetricData GetMetricStatistics ListMetrics",
    write: "PutMetricAlarm PutMetricData PutDashboard",
    destructive: "DeleteAlarms DisableAlarmActions DeleteDashboards",
  },
  logs: {
    read: "DescribeLogGroups DescribeLogStreams GetLogEvents FilterLogEvents StartQuery GetQueryResults",
    write: "CreateLogGroup CreateLogStream PutLogEvents PutRetentionPolicy PutSubscriptionFilter CreateExportTask",
    destructive: "DeleteLogGroup DeleteLogStream DeleteRetentionPolicy DeleteSubscriptionFilter",
    privilege: "PutResourcePolicy",
  },
  sns: {
    read: "ListTopics GetTopicAttributes ListSubscriptions",
    write: "CreateTopic Publish Subscribe SetTopicAttributes",
    destructive: "DeleteTopic Unsubscribe",
    privilege: "AddPermission",
  },
  sqs: {
    read: "ListQueues GetQueueAttributes GetQueueUrl ReceiveMessage",
    write: "CreateQueue SendMessage SendMessageBatch",
    destructive: "DeleteQueue PurgeQueue DeleteMessage",
    privilege: "SetQueueAttributes AddPermission",
  },
  ce: { read: "GetCostAndUsage GetCostForecast GetDimensionValues GetReservationUtilization GetAnomalies", write: "CreateAnomalyMonitor" },
  ecr: {
    read: "DescribeRepositories DescribeImages ListImages BatchGetImage GetDownloadUrlForLayer GetAuthorizationToken",
    write: "CreateRepository PutImage InitiateLayerUpload CompleteLayerUpload",
    destructive: "DeleteRepository BatchDeleteImage",
    privilege: "SetRepositoryPolicy",
  },
  "sso-admin": {
    privilege:
      "CreatePermissionSet PutInlinePolicyToPermissionSet AttachManagedPolicyToPermissionSet CreateAccountAssignment ProvisionPermissionSet",
  },
  sso: { privilege: "CreateToken GetRoleCredentials", read: "ListAccounts ListAccountRoles" },
  bedrock: {
    read: "GetFoundationModelAvailability ListFoundationModels ListGuardrails ListFoundationModelAgreementOffers InvokeModel InvokeModelWithResponseStream",
    write: "PutUseCaseForModelAccess CreateFoundationModelAgreement PutFoundationModelEntitlement UpdateGuardrail",
    destructive: "DeleteGuardrail DeleteModelInvocationLoggingConfiguration",
  },
  rolesanywhere: { privilege: "CreateTrustAnchor CreateProfile" },
  states: {
    read: "DescribeExecution ListStateMachines",
    write: "StartExecution CreateStateMachine",
    destructive: "DeleteStateMachine StopExecution",
  },
};
