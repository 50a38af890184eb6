using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FeedRelay.Tests;

namespace FeedRelay.Infra.Tests;

/// <summary>Security properties of the compiled infra/main.bicep (with its modules inlined).</summary>
[Collection("bicep")]
public sealed partial class MainTemplateSecurityTests(BicepCompilation compilation)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CognitiveServicesUser = "a97b65f3-24c7-4388-baec-2e87135dc908";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private readonly ArmTemplate main = compilation.Template("main.bicep");

    private JsonObject AppSettings => main.Single("Microsoft.Web/sites/config").Properties;

    [Fact]
    public void Storage_account_refuses_shared_keys_anonymous_blobs_plain_http_and_old_tls()
    {
        var storage = main.Single("Microsoft.Storage/storageAccounts").Properties;
        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)storage["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
    }

    [Fact]
    public void Storage_has_the_containers_queues_and_tables_the_app_uses_none_public()
    {
        var storage = main.Module("storage");
        Assert.Equal(["seeds", "seeds-deadletter", "articles", "quarantine", "feeds", "deployment"], Names(storage, "containerNames"));
        Assert.Equal(
            ["translate", "translate-poison", "translate-poison-poison", "webjobs-blobtrigger-poison", "webjobs-blobtrigger-poison-poison", "feed-rebuilds", "feed-rebuilds-poison", "feed-rebuilds-poison-poison"],
            Names(storage, "queueNames"));
        Assert.Equal(["articleindex", "translationcache"], Names(storage, "tableNames"));
        Assert.Equal("None", (string?)main.Single("Microsoft.Storage/storageAccounts/blobServices/containers").Properties["publicAccess"]);
    }

    [Fact]
    public void Function_app_is_linux_flex_consumption_https_only_tls_12_without_ftp_or_basic_auth()
    {
        var plan = main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan.Json["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan.Json["sku"]?["tier"]);
        Assert.True((bool)plan.Properties["reserved"]!);

        var site = main.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site.Json["kind"]);
        Assert.True((bool)site.Properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)site.Properties["siteConfig"]?["minTlsVersion"]);
        Assert.Equal("1.2", (string?)site.Properties["siteConfig"]?["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)site.Properties["siteConfig"]?["ftpsState"]);

        var basicAuth = main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, basicAuth.Count);
        Assert.All(basicAuth, policy => Assert.False((bool)policy.Properties["allow"]!));
    }

    [Fact]
    public void Function_app_runs_the_dotnet_isolated_10_runtime_and_deploys_from_blob_storage_by_identity()
    {
        var site = main.Single("Microsoft.Web/sites");
        var config = site.Properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]?["version"]);

        var storage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Contains("deploymentContainerName", (string?)storage["value"], StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]?["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)storage["authentication"]?["userAssignedIdentityResourceId"]);

        // Scale settings come from parameters, not constants.
        Assert.Equal("[parameters('maximumInstanceCount')]", (string?)config["scaleAndConcurrency"]?["maximumInstanceCount"]);
        Assert.Equal("[parameters('instanceMemoryMB')]", (string?)config["scaleAndConcurrency"]?["instanceMemoryMB"]);

        var app = main.Module("function-app");
        Assert.Equal("deployment", app.Resolve(app.ModuleParameter("deploymentContainerName")));
    }

    [Fact]
    public void Runtime_version_is_the_target_framework_the_functions_app_is_built_for()
    {
        // build/publish.sh publishes framework-dependent (--self-contained false): the platform's runtime must be the
        // .NET the worker targets, i.e. net10.0 from Directory.Build.props, not overridden by the Functions project.
        var props = XDocument.Load(Path.Combine(TestPaths.RepoRoot, "Directory.Build.props"));
        var framework = Assert.Single(props.Descendants("TargetFramework")).Value;
        var project = XDocument.Load(Path.Combine(TestPaths.RepoRoot, "src", "FeedRelay.Functions", "FeedRelay.Functions.csproj"));
        Assert.DoesNotContain(project.Descendants(), e => e.Name.LocalName is "TargetFramework" or "TargetFrameworks");

        var runtime = main.Single("Microsoft.Web/sites").Properties["functionAppConfig"]!["runtime"]!;
        Assert.Equal(framework, "net" + (string?)runtime["version"]);
        Assert.Contains("--self-contained false", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "build", "publish.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void Function_app_runs_only_as_the_user_assigned_identity_of_the_identity_module()
    {
        var site = main.Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)site.Json["identity"]?["type"]);
        var identities = site.Json["identity"]!["userAssignedIdentities"]!.AsObject();
        var identity = Assert.Single(identities);
        Assert.Contains("parameters('identityId')", identity.Key, StringComparison.Ordinal);

        var app = main.Module("function-app");
        Assert.Contains("'Microsoft.Resources/deployments', 'identity')", (string?)app.ModuleParameter("identityId"), StringComparison.Ordinal);
        Assert.EndsWith(".outputs.id.value]", (string?)app.ModuleParameter("identityId"), StringComparison.Ordinal);
        var declared = main.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        Assert.Equal("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('name'))]",
            (string?)main.Module("identity").Properties["template"]?["outputs"]?["id"]?["value"]);
        Assert.Equal("[parameters('name')]", declared.Name);
    }

    [Fact]
    public void No_custom_handler_leftovers_in_the_template_or_its_settings()
    {
        var site = main.Single("Microsoft.Web/sites");
        Assert.NotEqual("custom", (string?)site.Properties["functionAppConfig"]?["runtime"]?["name"]);

        // Flex declares the stack in functionAppConfig; these settings and site properties are for other plans or
        // for the custom handler, and Flex rejects or ignores them.
        var settings = AppSettings.Select(s => s.Key).ToList();
        foreach (var name in new[]
        {
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION",
            "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
        })
        {
            Assert.DoesNotContain(name, settings);
        }

        Assert.DoesNotContain(settings, s => s.StartsWith("FUNCTIONS_CUSTOMHANDLER", StringComparison.OrdinalIgnoreCase));
        var siteConfig = site.Properties["siteConfig"]!.AsObject();
        Assert.False(siteConfig.ContainsKey("linuxFxVersion"));
        Assert.False(siteConfig.ContainsKey("netFrameworkVersion"));

        foreach (var file in Directory.EnumerateFiles(BicepCompilation.InfraFolder, "*", SearchOption.AllDirectories)
            .Append(Path.Combine(TestPaths.RepoRoot, "azure.yaml")))
        {
            var text = File.ReadAllText(file);
            Assert.False(CustomHandler().IsMatch(text), $"{file}: {CustomHandler().Match(text).Value}");
        }
    }

    [Fact]
    public void Every_trigger_of_the_functions_app_connects_by_identity_to_an_existing_container_or_queue()
    {
        // The worker's trigger attributes (src/FeedRelay.Functions), read as text: the infra must provision what they name.
        var source = string.Join('\n', Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "FeedRelay.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var triggers = Trigger().Matches(source).ToList();
        var blobTrigger = Assert.Single(triggers, t => t.Groups["kind"].Value == "Blob");
        Assert.Equal("seeds/{name}", blobTrigger.Groups["path"].Value);
        Assert.Contains("Source = BlobTriggerSource.EventGrid", blobTrigger.Value, StringComparison.Ordinal); // Flex supports no other
        var queues = triggers.Where(t => t.Groups["kind"].Value == "Queue").Select(t => t.Groups["path"].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["feed-rebuilds", "feed-rebuilds-poison", "translate", "translate-poison", "webjobs-blobtrigger-poison"], queues);
        Assert.All(triggers, t => Assert.Equal("AzureWebJobsStorage", t.Groups["connection"].Value));

        var storage = main.Module("storage");
        Assert.Contains(blobTrigger.Groups["path"].Value.Split('/')[0], Names(storage, "containerNames"));
        Assert.Subset(Names(storage, "queueNames").ToHashSet(), queues.ToHashSet());
        Assert.Subset(Names(storage, "queueNames").ToHashSet(), queues.Select(q => q + "-poison").ToHashSet());

        // That connection is identity-based: a blob trigger needs the blob and queue endpoints, no connection string.
        var settings = AppSettings;
        Assert.NotNull((string?)settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.NotNull((string?)settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
    }

    [Fact]
    public void App_settings_connect_to_storage_by_managed_identity()
    {
        var settings = AppSettings;
        Assert.Equal("[parameters('blobEndpoint')]", (string?)settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("[parameters('queueEndpoint')]", (string?)settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("[parameters('tableEndpoint')]", (string?)settings["AzureWebJobsStorage__tableServiceUri"]);
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", (string?)settings["FeedRelay__Storage__Credential"]);
        Assert.Equal("[parameters('blobEndpoint')]", (string?)settings["FeedRelay__Storage__BlobServiceUri"]);
        Assert.Equal("[parameters('queueEndpoint')]", (string?)settings["FeedRelay__Storage__QueueServiceUri"]);
        Assert.Equal("[parameters('tableEndpoint')]", (string?)settings["FeedRelay__Storage__TableServiceUri"]);
        foreach (var name in new[] { "AzureWebJobsStorage__clientId", "FeedRelay__Storage__ClientId", "AZURE_CLIENT_ID" })
        {
            Assert.Equal("[parameters('identityClientId')]", (string?)settings[name]);
        }

        // The endpoints are the storage module's outputs, and the client id is the identity module's.
        var app = main.Module("function-app");
        Assert.Contains("'storage'", (string?)app.ModuleParameter("blobEndpoint"), StringComparison.Ordinal);
        Assert.Contains("'identity'", (string?)app.ModuleParameter("identityClientId"), StringComparison.Ordinal);
    }

    [Fact]
    public void App_settings_hold_no_secret_no_key_and_no_connection_string_but_the_app_insights_one()
    {
        var settings = AppSettings;
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Select(s => s.Key));
        Assert.DoesNotContain("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", settings.Select(s => s.Key));
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Select(s => s.Key)); // Flex takes the runtime from functionAppConfig

        // The Application Insights connection string is an ingestion endpoint plus instrumentation key, not a
        // credential, once local auth is disabled (asserted in Monitoring_accepts_only_entra_authenticated_telemetry).
        var suspicious = settings
            .Where(s => s.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            .Where(s => SecretName().IsMatch(s.Key))
            .Select(s => s.Key);
        Assert.Empty(suspicious);

        foreach (var (name, value) in settings)
        {
            var text = (string?)value ?? "";
            Assert.False(SecretValue().IsMatch(text), $"{name} = {text}");
        }

        Assert.Equal("[parameters('applicationInsightsConnectionString')]", (string?)settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        var source = (string?)main.Module("monitoring").Properties["template"]?["outputs"]?["applicationInsightsConnectionString"]?["value"];
        Assert.StartsWith("[reference(resourceId('Microsoft.Insights/components', ", source, StringComparison.Ordinal);
        Assert.EndsWith(").ConnectionString]", source, StringComparison.Ordinal);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Whole_template_never_reads_keys_or_builds_sas_tokens()
    {
        Assert.False(SecretValue().IsMatch(main.Text), SecretValue().Match(main.Text).Value);
    }

    [Fact]
    public void App_settings_configure_feedrelay_for_azure()
    {
        var settings = AppSettings;
        Assert.Equal("", (string?)settings["FeedRelay__SeedsPath"]);
        Assert.Equal("[format('https://{0}/', reference(resourceId('Microsoft.Web/sites', parameters('name')), '2025-03-01').defaultHostName)]",
            (string?)settings["FeedRelay__PublicBaseUrl"]);
        Assert.Equal("[parameters('translatorEndpoint')]", (string?)settings["FeedRelay__Translation__Endpoint"]);
        Assert.Equal("[if(empty(parameters('translatorEndpoint')), 'false', 'true')]", (string?)settings["FeedRelay__Translation__UseManagedIdentity"]);
        // A daily budget by default: an upload of a whole archive must not be translated (and billed) at once.
        Assert.Equal("[string(parameters('translationDailyCharacterBudget'))]", (string?)settings["FeedRelay__Translation__DailyCharacterBudget"]);
        Assert.True((int)main.Root["parameters"]!["translationDailyCharacterBudget"]!["defaultValue"]! > 0);
    }

    [Fact]
    public void Monitoring_accepts_only_entra_authenticated_telemetry()
    {
        var insights = main.Single("Microsoft.Insights/components").Properties;
        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)insights["WorkspaceResourceId"], StringComparison.Ordinal);
        Assert.True((bool)main.Single("Microsoft.OperationalInsights/workspaces").Properties["features"]!["disableLocalAuth"]!);
    }

    [Fact]
    public void Translator_is_optional_uses_a_custom_subdomain_and_refuses_keys()
    {
        Assert.Equal("[parameters('enableTranslator')]", (string?)main.Module("translator").Json["condition"]);
        var translator = main.Single("Microsoft.CognitiveServices/accounts");
        Assert.Equal("TextTranslation", (string?)translator.Json["kind"]);
        Assert.True((bool)translator.Properties["disableLocalAuth"]!);
        Assert.Equal("[parameters('name')]", (string?)translator.Properties["customSubDomainName"]);
        Assert.Equal("S1", (string?)main.Root["parameters"]?["translatorSku"]?["defaultValue"]);
    }

    [Theory]
    [InlineData(BlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(QueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(TableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    [InlineData(CognitiveServicesUser, "Microsoft.CognitiveServices/accounts")]
    public void App_identity_holds_each_role_on_exactly_the_resource_it_needs(string roleId, string scopeType)
    {
        var assignment = Assert.Single(RoleAssignments(), r => ((string?)r.Properties["roleDefinitionId"])!.Contains(roleId, StringComparison.Ordinal));
        Assert.Equal($"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleId}')]", (string?)assignment.Properties["roleDefinitionId"]);
        Assert.StartsWith($"[resourceId('{scopeType}', ", (string?)assignment.Json["scope"], StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)assignment.Properties["principalType"]);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string?)assignment.Properties["principalId"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_role_assignment_is_scoped_to_a_resource_and_the_deployer_gets_only_blob_data_contributor()
    {
        var assignments = RoleAssignments();
        Assert.Equal(7, assignments.Count);
        Assert.All(assignments, a => Assert.NotNull((string?)a.Json["scope"]));

        var deployer = Assert.Single(assignments, a => (string?)a.Properties["principalId"] == "[parameters('deployerPrincipalId')]");
        Assert.Contains(BlobDataContributor, (string?)deployer.Properties["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Equal("[not(empty(parameters('deployerPrincipalId')))]", (string?)deployer.Json["condition"]);
    }

    [Fact]
    public void Function_app_waits_for_its_roles_and_storage_has_an_event_grid_system_topic()
    {
        Assert.Contains(main.Module("function-app").Json["dependsOn"]!.AsArray(),
            d => ((string?)d)!.EndsWith("'Microsoft.Resources/deployments', 'roles')]", StringComparison.Ordinal));

        var topic = main.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic.Properties["topicType"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)topic.Properties["source"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_event_topic_may_write_dead_letters_to_their_container_and_nothing_else()
    {
        var topic = main.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("SystemAssigned", (string?)topic.Json["identity"]?["type"]);
        var writer = Assert.Single(RoleAssignments(), a => ((string?)a.Properties["principalId"])!.Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal));
        Assert.Contains(BlobDataContributor, (string?)writer.Properties["roleDefinitionId"], StringComparison.Ordinal);
        Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', ", (string?)writer.Json["scope"], StringComparison.Ordinal);
        Assert.Contains("parameters('deadLetterContainerName')", (string?)writer.Json["scope"], StringComparison.Ordinal);

        // The container exists, and it is the one the replay timer reads by default.
        Assert.Contains("seeds-deadletter", Names(main.Module("storage"), "containerNames"));
        Assert.Contains("public string SeedsDeadLetterContainer { get; init; } = \"seeds-deadletter\";",
            File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "FeedRelay.Storage.Azure", "AzureStorageOptions.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_give_the_hooks_their_inputs_and_the_user_the_feed_urls()
    {
        var outputs = main.Root["outputs"]!.AsObject();
        foreach (var name in new[] { "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "AZURE_STORAGE_ACCOUNT_NAME", "EVENT_GRID_SYSTEM_TOPIC_NAME", "SEEDS_CONTAINER_NAME" })
        {
            Assert.True(outputs.ContainsKey(name), name);
        }

        Assert.StartsWith("[format('https://{0}/api/feeds/all.rss', ", (string?)outputs["FEED_URL_RSS"]?["value"], StringComparison.Ordinal);
        Assert.StartsWith("[format('https://{0}/api/feeds/all.atom', ", (string?)outputs["FEED_URL_ATOM"]?["value"], StringComparison.Ordinal);
        Assert.EndsWith("'function-app'), '2025-04-01').outputs.defaultHostName.value)]", (string?)outputs["FEED_URL_RSS"]?["value"], StringComparison.Ordinal);
    }

    private List<ArmResource> RoleAssignments() => [.. main.OfType("Microsoft.Authorization/roleAssignments")];

    private static string[] Names(ArmResource module, string parameter) =>
        [.. module.ModuleParameter(parameter)!.AsArray().Select(module.Resolve)];

    /// <summary>A trigger attribute with its path or queue name and its connection.</summary>
    [GeneratedRegex(@"\[(?<kind>Blob|Queue)Trigger\(""(?<path>[^""]+)""[^\]]*?Connection = ""(?<connection>[^""]+)""[^\]]*\)\]")]
    private static partial Regex Trigger();

    /// <summary>Custom-handler vocabulary: the runtime, host.json section, or the handler's port variable.</summary>
    [GeneratedRegex(@"custom.?handler|FUNCTIONS_CUSTOMHANDLER|name: 'custom'", RegexOptions.IgnoreCase)]
    private static partial Regex CustomHandler();

    /// <summary>Setting names that would hold a credential.</summary>
    [GeneratedRegex(@"connection.?string|key|secret|password|sas|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>Values that are, or fetch, a credential: account keys, SAS, any ARM list*() call.</summary>
    [GeneratedRegex(@"AccountKey=|SharedAccessSignature|SharedAccessKey|\blist[A-Za-z]*\(|DefaultEndpointsProtocol=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}
