# A stand-in that makes `import requests` fail as it does where the library is not installed (codearts_in_controller).
raise ImportError("No module named 'requests' (a stand-in of the codearts_in_controller integration target)")
