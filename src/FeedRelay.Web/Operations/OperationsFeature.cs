namespace FeedRelay.Web.Operations;

/// <summary>The operations feature: <see cref="Routes.Health"/>.</summary>
public static class OperationsFeature
{
    /// <summary>Registers what the health report reads.</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackgroundHealth>();
        return builder;
    }

    /// <summary>Maps the health route.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes)
    {
        routes.Map("Health", Routes.Health, Routes.Read, OperationsEndpoints.GetHealthAsync);
        return routes;
    }
}
