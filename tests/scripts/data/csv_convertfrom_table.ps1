'Name,Size', 'alpha,10', 'beta,200' | ConvertFrom-Csv
