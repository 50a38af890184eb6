// Parameters for main.bicep. azd sets AZURE_ENV_NAME, AZURE_LOCATION and AZURE_PRINCIPAL_ID; the FEEDRELAY_*
// variables are optional (`azd env set FEEDRELAY_TRANSLATOR false`).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'feedrelay')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
param enableTranslator = bool(readEnvironmentVariable('FEEDRELAY_TRANSLATOR', 'true'))
param translatorSku = readEnvironmentVariable('FEEDRELAY_TRANSLATOR_SKU', 'S1')
param translationDailyCharacterBudget = int(readEnvironmentVariable('FEEDRELAY_TRANSLATION_DAILY_CHARACTERS', '2000000'))
param maximumInstanceCount = int(readEnvironmentVariable('FEEDRELAY_MAX_INSTANCES', '40'))
// 512, 2048 or 4096 (a literal: the allowed-values check needs one).
param instanceMemoryMB = 2048
