// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IModularCompliance} from "../interfaces/IModularCompliance.sol";
import {IComplianceModule} from "../interfaces/IComplianceModule.sol";

/// @title ModularCompliance
/// @notice Per-asset compliance (an EIP-1167 clone), bound to one token, running module singletons in order.
/// @dev Single-step ownership so the factory can configure it and hand it to the issuer in one transaction.
contract ModularCompliance is IModularCompliance, OwnableUpgradeable {
    /// @notice Maximum number of modules (bounds the gas of every transfer).
    uint256 public constant MAX_MODULES = 25;

    /// @custom:storage-location erc7201:tessera.storage.ModularCompliance
    struct ComplianceStorage {
        address token;
        address[] modules;
        mapping(address module => bool) bound;
    }

    // keccak256(abi.encode(uint256(keccak256("tessera.storage.ModularCompliance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE = 0xd502f1a4d14f4fc34c271dcc3695a74388878c9d50a42e45b1bff50d67602900;

    function _s() private pure returns (ComplianceStorage storage $) {
        assembly {
            $.slot := STORAGE
        }
    }

    modifier onlyToken() {
        if (msg.sender != _s().token) revert CallerNotToken(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes a clone.
    /// @param initialOwner The owner (the factory during deployment, then the issuer).
    function initialize(address initialOwner) external initializer {
        __Ownable_init(initialOwner);
    }

    /// @inheritdoc IModularCompliance
    function bindToken(address token) external onlyOwner {
        if (token == address(0)) revert InvalidAddress(token);
        _s().token = token;
        emit TokenBound(token);
    }

    /// @inheritdoc IModularCompliance
    function addModule(address module) external onlyOwner {
        if (module == address(0)) revert InvalidAddress(module);
        ComplianceStorage storage $ = _s();
        if ($.bound[module]) revert ModuleAlreadyAdded(module);
        if ($.modules.length >= MAX_MODULES) revert ModuleLimitReached(MAX_MODULES);
        $.bound[module] = true;
        $.modules.push(module);
        emit ModuleAdded(module);
    }

    /// @inheritdoc IModularCompliance
    function removeModule(address module) external onlyOwner {
        ComplianceStorage storage $ = _s();
        if (!$.bound[module]) revert ModuleNotFound(module);
        address[] storage list = $.modules;
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            if (list[i] == module) {
                list[i] = list[n - 1];
                list.pop();
                break;
            }
        }
        $.bound[module] = false;
        emit ModuleRemoved(module);
    }

    /// @inheritdoc IModularCompliance
    function callModuleFunction(bytes calldata callData, address module) external onlyOwner {
        if (!_s().bound[module]) revert ModuleNotFound(module);
        Address.functionCall(module, callData);
    }

    /// @inheritdoc IModularCompliance
    function transferred(address from, address to, uint256 amount) external onlyToken {
        address[] storage list = _s().modules;
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            IComplianceModule(list[i]).moduleTransferAction(from, to, amount);
        }
    }

    /// @inheritdoc IModularCompliance
    function created(address to, uint256 amount) external onlyToken {
        address[] storage list = _s().modules;
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            IComplianceModule(list[i]).moduleMintAction(to, amount);
        }
    }

    /// @inheritdoc IModularCompliance
    function destroyed(address from, uint256 amount) external onlyToken {
        address[] storage list = _s().modules;
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            IComplianceModule(list[i]).moduleBurnAction(from, amount);
        }
    }

    /// @inheritdoc IModularCompliance
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == 0;
    }

    /// @inheritdoc IModularCompliance
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8 code) {
        address[] storage list = _s().modules;
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            code = IComplianceModule(list[i]).checkTransfer(address(this), from, to, amount);
            if (code != 0) return code;
        }
    }

    /// @inheritdoc IModularCompliance
    function getModules() external view returns (address[] memory) {
        return _s().modules;
    }

    /// @inheritdoc IModularCompliance
    function getTokenBound() external view returns (address) {
        return _s().token;
    }

    /// @inheritdoc IModularCompliance
    function isModuleBound(address module) external view returns (bool) {
        return _s().bound[module];
    }
}
